// parity.mismatch log lines become ParityMismatch custom events on the New
// Relic Event API (what the parity-mismatch alert counts), batched, retried
// and bounded like the log records, against the fake New Relic on 127.0.0.1.
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { eventsUrl, PARITY_EVENT_TYPE, toCustomEvents } from '../src/events.ts'
import { DEFAULT_RETRY } from '../src/new-relic.ts'
import type { ShipperConfig } from '../src/shipper.ts'
import { CLOSED_EVENTS_URL, FAKE_ACCOUNT_ID, startFakeNewRelic, type FakeNewRelic } from './fake-new-relic.ts'
import { MAIN_API_KEY, parityMismatchLog, requestTrace } from './traces.ts'
import { LICENSE, shipperHarness, type Harness } from './shipper-harness.ts'

let nr: FakeNewRelic
let h: Harness
beforeEach(async () => {
  nr = await startFakeNewRelic()
  h = shipperHarness(nr, { environment: 'prd', plugin: 'adv-svc-public-api-tail' })
})
afterEach(() => nr.close())

const shipper = (overrides: Partial<ShipperConfig> = {}) => h.shipper(overrides)

const mismatches = (n: number, from = 0) =>
  requestTrace({ logs: Array.from({ length: n }, (_, i) => parityMismatchLog(from + i)) })

describe('ParityMismatch events', () => {
  it('posts each parity.mismatch line to the Event API with its fields, and still ships it as a log record', async () => {
    const report = await shipper().ship([mismatches(1)])
    expect(report.events).toEqual({ delivered: 1, pending: 0, dropped: 0 })
    expect(nr.eventPosts).toHaveLength(1)
    const [post] = nr.eventPosts
    expect(post!.path).toBe(`/v1/accounts/${FAKE_ACCOUNT_ID}/events`)
    expect(post!.headers['api-key']).toBe(LICENSE)
    expect(post!.events).toEqual([
      {
        eventType: PARITY_EVENT_TYPE,
        timestamp: 0,
        environment: 'prd',
        plugin: 'adv-svc-public-api-tail',
        service: 'adv-svc-public-api-prd',
        worker_version: '6a1c6d2e-5b61-4b2f-9f61-0c3f2b7d9e10',
        request_id: 'ray-1',
        endpoint: 'analytics',
        version: 'v2.0',
        format: 'xml',
        locator: 'body: /response/row[3]/impressions',
        shape_hash: '9f1c2e4a',
        worker_status: 200,
        legacy_status: 200,
      },
    ])
    expect(nr.posts[0]!.logs.find((l) => l.attributes['log.event'] === 'parity.mismatch')).toBeDefined()
  })

  it('makes no event of any other log line, and posts nothing to the Event API then', async () => {
    const report = await shipper().ship([requestTrace({}, 3)])
    expect(toCustomEvents(requestTrace({}, 3))).toEqual([])
    expect(nr.eventPosts).toHaveLength(0)
    expect(report.events).toEqual({ delivered: 0, pending: 0, dropped: 0 })
    expect(report.delivered).toBe(4)
  })

  it('redacts credentials and caps each value at the Event API limit of 4096 characters', async () => {
    const trace = requestTrace({
      logs: [
        parityMismatchLog(1, { locator: `query api_key=${MAIN_API_KEY}`, shape_hash: 'x'.repeat(10_000) }),
      ],
    })
    await shipper().ship([trace])
    const event = nr.eventPosts[0]!.events[0]!
    expect(nr.eventPosts[0]!.body).not.toContain(MAIN_API_KEY)
    expect(String(event.locator)).toContain('[REDACTED]')
    expect(String(event.shape_hash)).toHaveLength(4096)
  })

  it('batches many events by count', async () => {
    const report = await shipper({
      eventBufferCapacity: 2_000,
      batch: { maxRecords: 500, maxBytes: 900_000 },
    }).ship([mismatches(1200)])
    expect(report.events.delivered).toBe(1200)
    expect(nr.eventPosts.map((p) => p.events.length)).toEqual([500, 500, 200])
  })

  it('retries a 503 from the Event API with backoff, then delivers', async () => {
    nr.respondWith(503)
    const report = await shipper().ship([mismatches(2)])
    expect(nr.eventPosts).toHaveLength(2)
    expect(report.events).toEqual({ delivered: 2, pending: 0, dropped: 0 })
  })

  it('keeps events through an Event API outage, cools down, and delivers them in order afterwards', async () => {
    nr.respondWith(...Array(DEFAULT_RETRY.attempts).fill(503))
    const s = shipper({ cooldownMs: 30_000 })
    expect((await s.ship([mismatches(1, 1)])).events).toEqual({ delivered: 0, pending: 1, dropped: 0 })
    h.clock += 10_000
    expect((await s.ship([mismatches(1, 2)])).events).toEqual({ delivered: 0, pending: 2, dropped: 0 })
    expect(nr.eventPosts).toHaveLength(DEFAULT_RETRY.attempts)
    h.clock += 30_000
    expect((await s.ship([mismatches(1, 3)])).events).toEqual({ delivered: 3, pending: 0, dropped: 0 })
    expect(nr.eventPosts.at(-1)!.events.map((e) => e.timestamp)).toEqual([1, 2, 3])
    expect(h.warnings.join('\n')).toContain('ParityMismatch events')
  })

  it('never rejects when the Event API is unreachable, and still ships the logs', async () => {
    const report = await shipper({ eventsUrl: CLOSED_EVENTS_URL }).ship([mismatches(1)])
    expect(report.events).toEqual({ delivered: 0, pending: 1, dropped: 0 })
    expect(report.delivered).toBe(2)
  })

  it('bounds the event buffer, drops the oldest, and reports the loss as log records', async () => {
    nr.respondWith(...Array(DEFAULT_RETRY.attempts).fill(503))
    const s = shipper({ eventBufferCapacity: 10, cooldownMs: 1_000 })
    for (let i = 0; i < 25; i++) await s.ship([mismatches(1, i)])
    expect(s.eventBuffer.size).toBe(10)
    expect(s.eventBuffer.droppedTotal).toBe(15)
    h.clock += 1_000
    const report = await s.ship([])
    expect(report.events).toEqual({ delivered: 10, pending: 0, dropped: 15 })
    expect(nr.eventPosts.at(-1)!.events.map((e) => e.timestamp)).toEqual([
      15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
    ])
    // Each call that lost events says so on the logs lane, which stayed up.
    const notices = nr.posts.flatMap((p) => p.logs).filter((l) => /ParityMismatch events/.test(l.message))
    expect(notices.reduce((n, l) => n + Number(l.attributes['log_tail.dropped']), 0)).toBe(15)
    expect(notices[0]!.attributes).toMatchObject({ level: 'warn' })
  })

  it('ships no events without an account id, says so once, and keeps shipping logs', async () => {
    const s = shipper({ eventsUrl: undefined })
    const first = await s.ship([mismatches(2)])
    await s.ship([mismatches(1)])
    expect(nr.eventPosts).toHaveLength(0)
    expect(first.events).toEqual({ delivered: 0, pending: 0, dropped: 2 })
    expect(first.delivered).toBe(3)
    expect(h.warnings.filter((w) => w.includes('no New Relic endpoint configured'))).toHaveLength(1)
  })
})

describe('eventsUrl', () => {
  it('fills the account id into the template', () => {
    expect(eventsUrl('https://x/v1/accounts/{account_id}/events', ' 1234567 ')).toBe(
      'https://x/v1/accounts/1234567/events',
    )
  })

  it.each([undefined, '', 'REPLACE_ME', '12ab', '0', '-5'])('refuses the account id %j', (id) => {
    expect(eventsUrl('https://x/v1/accounts/{account_id}/events', id)).toBeUndefined()
  })

  it('is undefined without a template', () => {
    expect(eventsUrl(undefined, '1234567')).toBeUndefined()
  })
})
