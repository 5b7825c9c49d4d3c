// The tail Worker's core against a fake New Relic on 127.0.0.1: records,
// batching, retry with backoff, the bounded buffer, redaction, outages.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { backoffMs, DEFAULT_RETRY } from '../src/new-relic.ts'
import { LOGTYPE_TRACE, toLogRecords } from '../src/records.ts'
import type { ShipperConfig } from '../src/shipper.ts'
import { CLOSED_URL, startFakeNewRelic, type FakeNewRelic } from './fake-new-relic.ts'
import { MAIN_API_KEY, MAIN_INTEGRATION_KEY, requestTrace } from './traces.ts'
import { LICENSE, shipperHarness, type Harness } from './shipper-harness.ts'

let nr: FakeNewRelic
let h: Harness
beforeEach(async () => {
  nr = await startFakeNewRelic()
  h = shipperHarness(nr, { environment: 'test' })
})
afterEach(() => nr.close())

const shipper = (overrides: Partial<ShipperConfig> = {}) => h.shipper(overrides)

describe('shipping trace events', () => {
  it('posts one record per request with the attributes the canary health window queries', async () => {
    const report = await shipper().ship([requestTrace()])
    expect(report).toMatchObject({ delivered: 1, pending: 0, dropped: 0 })
    expect(nr.posts).toHaveLength(1)
    const [post] = nr.posts
    expect(post!.headers['api-key']).toBe(LICENSE)
    expect(post!.headers['content-type']).toBe('application/json')
    expect(post!.common).toEqual({ environment: 'test' })
    expect(post!.logs[0]!.attributes).toMatchObject({
      logtype: LOGTYPE_TRACE,
      'service.name': 'adv-svc-public-api-prd',
      'worker.outcome': 'ok',
      'worker.version': '6a1c6d2e-5b61-4b2f-9f61-0c3f2b7d9e10',
      'worker.event': 'fetch',
      'http.method': 'GET',
      'http.status': 200,
    })
    expect(post!.logs[0]!.timestamp).toBe(1_710_511_500_000)
  })

  it('matches every attribute the deploy-prd health window NRQL names', () => {
    const script = readFileSync(
      join(import.meta.dirname, '../../../.github/scripts/health-window.sh'),
      'utf8',
    )
    const queries = [...script.matchAll(/nrql_first_result "([^"]+)"/g)].map((m) => m[1]!)
    const nrql = queries.find((q) => q.includes('errorRate'))!
    expect(queries.find((q) => q.includes('shipped'))).toContain('log_tail.version')
    const record = toLogRecords(
      requestTrace({ outcome: 'exception', event: { ...requestTrace().event!, response: { status: 500 } } }),
    )[0]!
    for (const attribute of ['logtype', 'service.name', 'worker.outcome', 'worker.version', 'http.status']) {
      expect(nrql).toContain(attribute)
      expect(record.attributes).toHaveProperty([attribute])
    }
    expect(nrql).toContain(`logtype = '${LOGTYPE_TRACE}'`)
  })

  it('records RPC invocations (the auth helper’s verify()) with their outcome, so a helper canary can be judged', async () => {
    const rpc = requestTrace({
      event: { rpcMethod: 'verify' },
      entrypoint: 'AuthHelper',
      scriptName: 'adv-svc-auth-helper-prd',
      outcome: 'exception',
    })
    await shipper().ship([rpc])
    expect(nr.posts[0]!.logs[0]).toMatchObject({
      message: 'RPC AuthHelper.verify exception',
      attributes: {
        logtype: LOGTYPE_TRACE,
        'worker.event': 'rpc',
        'rpc.method': 'verify',
        'worker.entrypoint': 'AuthHelper',
        'service.name': 'adv-svc-auth-helper-prd',
        'worker.outcome': 'exception',
        'worker.version': '6a1c6d2e-5b61-4b2f-9f61-0c3f2b7d9e10',
        'worker.cpu_ms': 3,
      },
    })
    expect(nr.posts[0]!.logs[0]!.attributes).not.toHaveProperty('http.status')
  })

  it('makes no trace record of an invocation that is neither a request nor an RPC call', () => {
    expect(
      toLogRecords(requestTrace({ event: null })).filter((r) => r.attributes.logtype === LOGTYPE_TRACE),
    ).toEqual([])
  })

  it('lifts the fields of our JSON log lines into attributes', async () => {
    await shipper().ship([requestTrace({}, 1)])
    const log = nr.posts[0]!.logs[1]!
    expect(log.attributes).toMatchObject({
      logtype: 'cf-worker-log',
      level: 'info',
      'log.event': 'request.done',
      'log.endpoint': '/analytics',
    })
  })

  it('ships uncaught exceptions as error records', async () => {
    const trace = requestTrace({
      outcome: 'exception',
      exceptions: [{ timestamp: 5, name: 'TypeError', message: 'x is undefined' }],
    })
    await shipper().ship([trace])
    expect(nr.posts[0]!.logs[1]).toMatchObject({
      message: 'TypeError: x is undefined',
      attributes: { level: 'error', 'error.class': 'TypeError' },
    })
  })
})

describe('batching', () => {
  it('splits many records into batches of at most maxRecords', async () => {
    const report = await shipper({ batch: { maxRecords: 500, maxBytes: 900_000 } }).ship([
      requestTrace({}, 1199),
    ])
    expect(report.delivered).toBe(1200)
    expect(nr.posts.map((p) => p.logs.length)).toEqual([500, 500, 200])
  })

  it('keeps every payload under the byte limit', async () => {
    await shipper({ batch: { maxRecords: 10_000, maxBytes: 20_000 } }).ship([requestTrace({}, 300)])
    expect(nr.posts.length).toBeGreaterThan(1)
    for (const post of nr.posts) expect(Buffer.byteLength(post.body)).toBeLessThan(20_000 + 200)
    expect(nr.posts.reduce((n, p) => n + p.logs.length, 0)).toBe(301)
  })

  it('ships several trace events of one call together', async () => {
    await shipper().ship([requestTrace(), requestTrace(), requestTrace()])
    expect(nr.posts).toHaveLength(1)
    expect(nr.posts[0]!.logs).toHaveLength(3)
  })
})

describe('retry with backoff', () => {
  it('retries 503 and 429 with growing delays, then delivers', async () => {
    nr.respondWith(503, 429)
    const report = await shipper().ship([requestTrace()])
    expect(report.delivered).toBe(1)
    expect(nr.posts).toHaveLength(3)
    expect(h.sleeps).toEqual([backoffMs(1, DEFAULT_RETRY, () => 0.5), backoffMs(2, DEFAULT_RETRY, () => 0.5)])
    expect(h.sleeps[1]!).toBeGreaterThan(h.sleeps[0]!)
  })

  it('caps the backoff and spreads it with jitter', () => {
    const policy = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1_000 }
    expect(backoffMs(1, policy, () => 0)).toBe(50)
    expect(backoffMs(1, policy, () => 1)).toBe(100)
    expect(backoffMs(10, policy, () => 1)).toBe(1_000)
  })

  it('does not retry a batch New Relic refuses for good, and counts it as dropped', async () => {
    nr.respondWith(403)
    const report = await shipper().ship([requestTrace()])
    expect(nr.posts).toHaveLength(1)
    expect(report).toMatchObject({ delivered: 0, pending: 0, dropped: 1 })
    expect(h.warnings[0]).toContain('HTTP 403')
  })

  it('gives up after the last attempt and keeps the records for later', async () => {
    nr.respondWith(500, 500, 500, 500)
    const report = await shipper().ship([requestTrace()])
    expect(nr.posts).toHaveLength(DEFAULT_RETRY.attempts)
    expect(report).toMatchObject({ delivered: 0, pending: 1, dropped: 0 })
  })
})

describe('New Relic outage', () => {
  it('never rejects when New Relic is unreachable, and keeps the records', async () => {
    const s = shipper({ url: CLOSED_URL })
    await expect(s.ship([requestTrace(), requestTrace()])).resolves.toMatchObject({
      delivered: 0,
      pending: 2,
      dropped: 0,
    })
    expect(h.warnings.join('\n')).toContain('New Relic unavailable')
  })

  it('cools down instead of retrying on every call, then delivers the backlog in order', async () => {
    nr.respondWith(503, 503, 503, 503)
    const s = shipper({ cooldownMs: 30_000 })
    await s.ship([requestTrace({ eventTimestamp: 1 })])
    expect(nr.posts).toHaveLength(4)
    h.clock += 10_000
    expect(await s.ship([requestTrace({ eventTimestamp: 2 })])).toMatchObject({
      delivered: 0,
      pending: 2,
      dropped: 0,
    })
    expect(nr.posts).toHaveLength(4)
    h.clock += 30_000
    expect(await s.ship([requestTrace({ eventTimestamp: 3 })])).toMatchObject({
      delivered: 3,
      pending: 0,
      dropped: 0,
    })
    expect(nr.posts.at(-1)!.logs.map((l) => l.timestamp)).toEqual([1, 2, 3])
  })

  it('bounds the buffer: drops the oldest records, counts them, and reports the loss when New Relic is back', async () => {
    nr.respondWith(...Array(4).fill(503))
    const s = shipper({ bufferCapacity: 10, cooldownMs: 1_000 })
    const traces = Array.from({ length: 25 }, (_, i) => requestTrace({ eventTimestamp: i }))
    for (const trace of traces) await s.ship([trace])
    expect(s.buffer.size).toBe(10)
    expect(s.buffer.droppedTotal).toBe(15)
    h.clock += 1_000
    const report = await s.ship([])
    expect(report).toMatchObject({ delivered: 11, pending: 0, dropped: 15 })
    const logs = nr.posts.at(-1)!.logs
    expect(logs.slice(0, 10).map((l) => l.timestamp)).toEqual([15, 16, 17, 18, 19, 20, 21, 22, 23, 24])
    expect(logs[10]).toMatchObject({ attributes: { 'log_tail.dropped': 15 } })
  })

  it('ships nothing and stays quiet without a license key', async () => {
    const report = await shipper({ licenseKey: undefined }).ship([requestTrace()])
    expect(nr.posts).toHaveLength(0)
    expect(report).toMatchObject({ delivered: 0, pending: 0, dropped: 1 })
  })
})

describe('redaction on the wire', () => {
  it('sends New Relic no credential from headers, query strings or log lines', async () => {
    const trace = requestTrace({
      logs: [
        { timestamp: 1, level: 'warn', message: [`auth.failure X-Api-Key: ${MAIN_API_KEY}`] },
        {
          timestamp: 2,
          level: 'info',
          message: [{ integrationKey: MAIN_INTEGRATION_KEY, url: `/x?api_key=${MAIN_API_KEY}` }],
        },
        // secretlint-disable-next-line -- a fake password, to prove it is redacted
        {
          timestamp: 3,
          level: 'info',
          // secretlint-disable-next-line -- a fake DSN: the test proves the tail Worker redacts it
          message: [JSON.stringify({ event: 'db', dsn: 'mysql://api_ro:hunter2@h/console' })],
        },
      ],
      exceptions: [
        {
          timestamp: 4,
          name: 'Error',
          message: `bad key ${MAIN_API_KEY}`,
          stack: `Error: bad key ${MAIN_API_KEY}\n at x`,
        },
      ],
    })
    await shipper().ship([trace])
    const wire = nr.posts.map((p) => p.body).join('\n')
    for (const secret of [
      MAIN_API_KEY,
      '5f2b9c81d7e04a6b93c1e8f0a4d27b6e',
      MAIN_INTEGRATION_KEY,
      'hunter2',
    ]) {
      expect(wire).not.toContain(secret)
    }
    expect(wire).toContain('[REDACTED]')
    expect(wire).toContain('/analytics?from=2024-03-01')
  })
})
