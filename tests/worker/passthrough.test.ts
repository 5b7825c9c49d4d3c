// Cutover one handler at a time (issue 9): a handler whose flag is off is
// served by LEGACY_ORIGIN — the request as the client sent it, the legacy
// answer untouched, nothing counted, the line logged `served_by: legacy` —
// and with the flag on the Worker answers itself. The legacy origin is a
// stand-in replaying every recorded PHP answer of /advertisers
// (parity/test-support/recorded-origin.ts); the Worker runs in workerd with
// the real auth helper, rate limiter and MariaDB.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { credentialHeaders, RPH3 } from '../../scripts/db/demo-credentials.ts'
import { headerValue, requestFacts } from '../../parity/lib/request-facts.ts'
import { RecordedOrigin, targetOf } from '../../parity/test-support/recorded-origin.ts'
import { LEGACY_TIMEOUT_MS } from '../../src/pipeline/passthrough.ts'
import {
  captureLogEvents,
  controlledTimeouts,
  routeFetches,
  sendRecorded,
  type LogEvent,
} from './support/outbound.ts'
import { RECORDED_STEPS } from './support/recorded.ts'
import { JSON_TYPE, ownWorker } from './support/requests.ts'

/** Every recording of the handler under test: the recorded requests that go to /advertisers. */
const ADVERTISERS = RECORDED_STEPS.filter((step) => requestFacts(step.request).endpoint === 'advertisers')
const cases = ADVERTISERS.map((step) => [step.id, step] as const)

const LEGACY = 'http://legacy.test'
const FLAG_OFF = { HANDLER_ADVERTISERS_ENABLED: 'false', LEGACY_ORIGIN: LEGACY }
const RL3 = credentialHeaders(RPH3)
const UNKNOWN_METHOD = '{"status":false,"error":"Unknown method"}'

let legacy: RecordedOrigin
let events: LogEvent[]
beforeEach(() => {
  legacy = new RecordedOrigin(LEGACY)
  for (const step of ADVERTISERS) legacy.answer(step)
  routeFetches(legacy)
  events = captureLogEvents()
})
afterEach(() => vi.restoreAllMocks())

/** A request to /advertisers with the rph-3 credential, and the answer the legacy origin gives it. */
function legacyAnswers(query: string, status: number, contentType: string, body: string) {
  const request = { method: 'GET', path: '/advertisers', query, headers: RL3 }
  legacy.answer({ request, status, contentType, body: new TextEncoder().encode(body) })
  return { request, now: new Date() }
}

const bytes = async (res: Response) => new Uint8Array(await res.arrayBuffer())
const requestLines = () => events.filter((e) => e.event === 'request')

it('has recordings of /advertisers in every format, errors included', () => {
  expect(new Set(ADVERTISERS.map((s) => s.contentType)).size).toBe(3)
  expect(ADVERTISERS.some((s) => s.status === 400) && ADVERTISERS.some((s) => s.status === 401)).toBe(true)
})

describe('a handler whose flag is off', () => {
  it.each(cases)('%s: the legacy status, content type and bytes come back untouched', async (_id, step) => {
    const res = await sendRecorded(ownWorker(FLAG_OFF), step)
    expect(res.status).toBe(step.status)
    expect(res.headers.get('Content-Type')).toBe(step.contentType)
    expect(await bytes(res)).toEqual(step.body)
  })

  it.each(cases)(
    '%s: the legacy origin is sent the same method, path, query and credentials',
    async (_id, step) => {
      await (await sendRecorded(ownWorker(FLAG_OFF), step)).arrayBuffer()
      expect(legacy.calls).toHaveLength(1)
      const [call] = legacy.calls
      expect([call!.method, call!.target]).toEqual([step.request.method, targetOf(step.request)])
      for (const name of ['X-Api-Key', 'X-Integration-Key']) {
        expect(call!.headers.get(name)).toBe(headerValue(step.request.headers, name) ?? null)
      }
      // The test hooks stay in the Worker: the legacy app has its own clock and counters.
      expect(call!.headers.has('X-Test-Now')).toBe(false)
      expect(call!.headers.has('X-Test-Rate-Namespace')).toBe(false)
    },
  )

  it('keeps the raw path and query: empty segments, letter case, + and repeated names', async () => {
    await (await ownWorker(FLAG_OFF).fetch('//v2.0//advertisers/?format=XML&x=a+b&x=%41', RL3)).arrayBuffer()
    expect(legacy.calls.map((c) => c.target)).toEqual(['//v2.0//advertisers/?format=XML&x=a+b&x=%41'])
  })

  it('logs the request as served by legacy, neither authenticated nor counted here', async () => {
    const step = ADVERTISERS.find((s) => s.fixture === 'advertisers-json')!
    await (await sendRecorded(ownWorker(FLAG_OFF), step)).arrayBuffer()
    expect(requestLines()).toEqual([
      expect.objectContaining({
        served_by: 'legacy',
        endpoint: 'advertisers',
        status: 200,
        auth_source: 'none',
        ratelimit_source: 'none',
        ratelimit_count: null,
      }),
    ])
  })

  it('does not spend the caller’s hourly budget in the Worker’s limiter (the legacy app counts)', async () => {
    // rph 3: had the Worker counted these five, the next request would be its 429.
    const namespace = crypto.randomUUID()
    const step = legacyAnswers('format=json', 200, JSON_TYPE, '[]')
    const off = ownWorker(FLAG_OFF)
    for (let i = 0; i < 5; i++) expect((await sendRecorded(off, step, namespace)).status).toBe(200)

    const counted = await ownWorker({ LEGACY_ORIGIN: LEGACY }).fetch('/credentialscheck', {
      ...RL3,
      'X-Test-Rate-Namespace': namespace,
    })
    expect(counted.status).toBe(200)
    expect(counted.headers.get('X-RateLimit-Remaining')).toBe('2')
  })

  it('answers unknown paths and methods 404 Unknown method without asking the legacy origin', async () => {
    const worker = ownWorker(FLAG_OFF)
    for (const [path, method] of [
      ['/reports', 'GET'],
      ['/v3.0/advertisers', 'GET'],
      ['/Advertisers', 'GET'],
      ['/advertisers', 'POST'],
      ['/advertisers', 'HEAD'],
    ] as const) {
      const res = await worker.fetch(path, RL3, { method })
      expect([path, method, res.status]).toEqual([path, method, 404])
      if (method !== 'HEAD') expect(await res.text()).toBe(UNKNOWN_METHOD)
    }
    expect(legacy.calls).toEqual([])
  })

  it('answers 404 Unknown method when the environment names no legacy origin', async () => {
    const res = await ownWorker({ HANDLER_ADVERTISERS_ENABLED: 'false', LEGACY_ORIGIN: '' }).fetch(
      '/advertisers',
      RL3,
    )
    expect([res.status, await res.text()]).toEqual([404, UNKNOWN_METHOD])
    expect(legacy.calls).toEqual([])
  })

  it('passes an error of the legacy app itself through as it is', async () => {
    const step = legacyAnswers('format=csv', 500, 'text/html', '<h1>PHP</h1>')
    const res = await sendRecorded(ownWorker(FLAG_OFF), step)
    expect([res.status, res.headers.get('Content-Type'), await res.text()]).toEqual([
      500,
      'text/html',
      '<h1>PHP</h1>',
    ])
  })
})

describe('a legacy origin that cannot answer', () => {
  it('is a 503 with Retry-After, in the requested format, when nothing listens there', async () => {
    // Port 8859: this session's range, nothing listening (the real fetch, not the stand-in).
    const worker = ownWorker({ ...FLAG_OFF, LEGACY_ORIGIN: 'http://127.0.0.1:8859' })
    const res = await worker.fetch('/advertisers?format=xml', RL3)
    expect(res.status).toBe(503)
    expect(res.headers.get('Retry-After')).toBe('30')
    expect(res.headers.get('Content-Type')).toBe('application/xml; charset=utf-8')
    expect(await res.text()).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<xml><status>0</status><error>Service temporarily unavailable</error></xml>\n',
    )
    expect(events.filter((e) => e.event === 'legacy.unavailable')).toHaveLength(1)
  })

  it('is a 503 when it has not answered within LEGACY_TIMEOUT_MS', async () => {
    const timeouts = controlledTimeouts()
    legacy.hold()
    const answer = ownWorker(FLAG_OFF).fetch('/advertisers', RL3)
    await legacy.received(1)
    timeouts.fire()
    const res = await answer
    expect(timeouts.requested).toEqual([LEGACY_TIMEOUT_MS])
    expect([res.status, res.headers.get('Retry-After'), await res.text()]).toEqual([
      503,
      '30',
      '{"status":false,"error":"Service temporarily unavailable"}',
    ])
  })
})

describe('the same handler with its flag on', () => {
  it.each(cases)(
    '%s: the Worker answers the recorded bytes itself, the legacy origin untouched',
    async (_id, step) => {
      const res = await sendRecorded(ownWorker({ LEGACY_ORIGIN: LEGACY }), step)
      expect([res.status, res.headers.get('Content-Type')]).toEqual([step.status, step.contentType])
      expect(await bytes(res)).toEqual(step.body)
      expect(legacy.calls).toEqual([])
      expect(requestLines().map((l) => l.served_by)).toEqual(['worker'])
    },
  )
})
