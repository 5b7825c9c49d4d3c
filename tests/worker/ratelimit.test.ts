import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createLogger } from '@adventive/worker-kit/logger'
import { credentialHeaders, MAIN, RPH3 } from '../../scripts/db/demo-credentials.ts'
import type { LegacyError } from '../../src/domain/legacy-error.ts'
import type { RateLimiter } from '../../src/durable-objects/RateLimiter.ts'
import type { Env } from '../../src/env.ts'
import type { AuthContext } from '../../src/pipeline/auth.ts'
import {
  counterName,
  countRequest,
  FallbackCounts,
  RATE_LIMITER_TIMEOUT_MS,
  rateLimitExceeded,
  rateLimitHeaders,
} from '../../src/pipeline/rate-limit.ts'
import { get, ownWorker } from './support/requests.ts'

const quiet = createLogger({}, () => undefined)
const at = (iso: string) => new Date(iso)
const NOW = at('2024-03-15T14:05:00Z')
const TOP_OF_NEXT_HOUR_S = String(Date.UTC(2024, 2, 15, 15) / 1000)

afterEach(() => {
  vi.useRealTimers()
})

/** A credential of its own per test, so counters never leak between tests. */
function credential(rph: number): AuthContext {
  const credentialHash = crypto.randomUUID().replaceAll('-', '').padEnd(64, '0')
  return { accountId: 1, rph, credentialHash, source: 'db' }
}

type Outcome =
  | { status: 200; headers: Record<string, string> }
  | { status: number; message: string; headers: Record<string, string> }

/** Counts one request as the pipeline does, and answers what the pipeline would. */
async function attempt(
  auth: AuthContext,
  now = NOW,
  namespace = '',
  bindings: Pick<Env, 'RATE_LIMITER'> = env,
  fallback = new FallbackCounts(),
  log = quiet,
): Promise<Outcome> {
  const state = await countRequest(bindings, fallback, { auth, now, namespace, log })
  if (state.count <= state.limit) return { status: 200, headers: rateLimitHeaders(state) }
  const err: LegacyError = rateLimitExceeded(state, now)
  return { status: err.status, message: err.message, headers: { ...err.headers } }
}

const stubFor = (auth: AuthContext, namespace = '') =>
  env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(counterName(auth.credentialHash, namespace)))

describe('counting a request against the hourly limit', () => {
  it('admits rph requests in the clock hour and refuses request rph + 1 with the legacy 429', async () => {
    const auth = credential(3)
    const outcomes = [await attempt(auth), await attempt(auth), await attempt(auth), await attempt(auth)]
    expect(outcomes.map((o) => o.status)).toEqual([200, 200, 200, 429])
    expect(outcomes.slice(0, 3).map((o) => o.headers)).toEqual(
      ['2', '1', '0'].map((remaining) => ({
        'X-RateLimit-Limit': '3',
        'X-RateLimit-Remaining': remaining,
        'X-RateLimit-Reset': TOP_OF_NEXT_HOUR_S,
      })),
    )
    expect(outcomes[3]).toEqual({
      status: 429,
      message: 'Rate limit exceeded: 3 requests per hour',
      headers: {
        'X-RateLimit-Limit': '3',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': TOP_OF_NEXT_HOUR_S,
        'Retry-After': '3300', // 14:05:00 → 15:00:00
      },
    })
  })

  it('keeps refusing later requests in the same hour', async () => {
    const auth = credential(1)
    await attempt(auth)
    expect((await attempt(auth, at('2024-03-15T14:30:00Z'))).status).toBe(429)
    expect((await attempt(auth, at('2024-03-15T14:59:59.999Z'))).status).toBe(429)
  })

  it('starts a new window at the top of the hour (UTC clock hour of the request instant)', async () => {
    const auth = credential(1)
    expect((await attempt(auth, at('2024-03-15T14:59:59Z'))).status).toBe(200)
    const last = await attempt(auth, at('2024-03-15T14:59:59.500Z'))
    expect([last.status, last.headers['Retry-After']]).toEqual([429, '1'])
    const next = await attempt(auth, at('2024-03-15T15:00:00Z'))
    expect(next).toEqual({
      status: 200,
      headers: {
        'X-RateLimit-Limit': '1',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': String(Date.UTC(2024, 2, 15, 16) / 1000),
      },
    })
  })

  it('admits exactly rph of 200 concurrent requests', async () => {
    const auth = credential(50)
    const outcomes = await Promise.all(Array.from({ length: 200 }, () => attempt(auth)))
    expect(outcomes.filter((o) => o.status === 200)).toHaveLength(50)
    expect(outcomes.filter((o) => o.status === 429)).toHaveLength(150)
    const remaining = outcomes
      .filter((o) => o.status === 200)
      .map((o) => Number(o.headers['X-RateLimit-Remaining']))
    expect(remaining.sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i))
  })

  it('gives each namespace its own counters', async () => {
    const auth = credential(1)
    expect((await attempt(auth, NOW, 'fixture-a')).status).toBe(200)
    expect((await attempt(auth, NOW, 'fixture-a')).status).toBe(429)
    expect((await attempt(auth, NOW, 'fixture-b')).status).toBe(200)
    expect((await attempt(auth, NOW, '')).status).toBe(200)
  })
})

describe('the RateLimiter Durable Object', () => {
  it('counts throttled requests too, and reports the window end on the caller’s clock', async () => {
    const auth = credential(1)
    const stub = stubFor(auth)
    const nowMs = NOW.getTime()
    await stub.check(auth.credentialHash, 1, nowMs)
    await stub.check(auth.credentialHash, 1, nowMs)
    expect(await stub.check(auth.credentialHash, 1, nowMs)).toEqual({
      allowed: false,
      limit: 1,
      remaining: 0,
      resetMs: Date.UTC(2024, 2, 15, 15),
      count: 3,
    })
  })

  it('counts a late request from the previous hour in the current window', async () => {
    const auth = credential(5)
    const stub = stubFor(auth)
    await stub.check(auth.credentialHash, 5, Date.parse('2024-03-15T15:00:00.100Z'))
    const late = await stub.check(auth.credentialHash, 5, Date.parse('2024-03-15T14:59:59.900Z'))
    expect([late.count, late.resetMs]).toEqual([2, Date.UTC(2024, 2, 15, 16)])
  })

  it('clears its storage when the alarm runs at the end of the window, and starts again from 1', async () => {
    const auth = credential(2)
    const stub = stubFor(auth)
    const endOfHour = Date.parse('2024-03-15T14:59:59.800Z')
    await stub.check(auth.credentialHash, 2, endOfHour)
    await stub.check(auth.credentialHash, 2, endOfHour)
    expect(await runDurableObjectAlarm(stub)).toBe(true)
    expect(await runInDurableObject(stub, (_: RateLimiter, state) => state.storage.list())).toEqual(new Map())
    expect(await runDurableObjectAlarm(stub)).toBe(false) // nothing left scheduled
    expect((await stub.check(auth.credentialHash, 2, endOfHour)).count).toBe(1)
  })

  it('keeps the window when the alarm runs early, and re-arms it', async () => {
    const auth = credential(2)
    const stub = stubFor(auth)
    await stub.check(auth.credentialHash, 2, NOW.getTime()) // 55 minutes before the window ends
    expect(await runDurableObjectAlarm(stub)).toBe(true)
    expect(await runInDurableObject(stub, (_: RateLimiter, state) => state.storage.getAlarm())).not.toBeNull()
    expect((await stub.check(auth.credentialHash, 2, NOW.getTime())).count).toBe(2)
  })

  it('runs its alarm idempotently', async () => {
    const auth = credential(2)
    const stub = stubFor(auth)
    await stub.check(auth.credentialHash, 2, Date.parse('2024-03-15T14:59:59.900Z'))
    await runInDurableObject(stub, async (instance: RateLimiter) => {
      await instance.alarm()
      await instance.alarm()
    })
    expect(await runInDurableObject(stub, (_: RateLimiter, state) => state.storage.list())).toEqual(new Map())
  })
})

describe('giving a request back (RateLimiter.refund)', () => {
  it('takes one request off the window it was counted in', async () => {
    const auth = credential(5)
    const stub = stubFor(auth)
    const nowMs = NOW.getTime()
    await stub.check(auth.credentialHash, 5, nowMs)
    await stub.check(auth.credentialHash, 5, nowMs)
    await stub.refund(auth.credentialHash, nowMs)
    expect((await stub.check(auth.credentialHash, 5, nowMs)).count).toBe(2)
  })

  it('leaves a window alone that has moved on, and never goes below zero', async () => {
    const auth = credential(5)
    const stub = stubFor(auth)
    await stub.check(auth.credentialHash, 5, Date.parse('2024-03-15T15:00:01Z'))
    await stub.refund(auth.credentialHash, Date.parse('2024-03-15T14:59:59Z'))
    await stub.refund(auth.credentialHash, Date.parse('2024-03-15T15:10:00Z'))
    await stub.refund(auth.credentialHash, Date.parse('2024-03-15T15:10:00Z'))
    expect((await stub.check(auth.credentialHash, 5, Date.parse('2024-03-15T15:20:00Z'))).count).toBe(1)
  })
})

/** A RATE_LIMITER namespace that cannot be reached: get() throws, or check() never answers. */
const throwingLimiter = {
  idFromName: () => ({}),
  get: () => {
    throw new Error('Durable Object namespace unavailable')
  },
} as unknown as Env['RATE_LIMITER']
const hangingLimiter = {
  idFromName: () => ({}),
  get: () => ({ check: () => new Promise(() => undefined), refund: () => new Promise(() => undefined) }),
} as unknown as Env['RATE_LIMITER']

function recordingLog() {
  const lines: Record<string, unknown>[] = []
  return { log: createLogger({}, (line) => void lines.push(JSON.parse(line))), lines }
}

describe('when the Durable Object is unavailable', () => {
  it('keeps limiting in the isolate: a key over its budget still gets the legacy 429', async () => {
    const auth = credential(2)
    const fallback = new FallbackCounts()
    const { log, lines } = recordingLog()
    const bindings = { RATE_LIMITER: throwingLimiter }
    const outcomes = [
      await attempt(auth, NOW, '', bindings, fallback, log),
      await attempt(auth, NOW, '', bindings, fallback, log),
      await attempt(auth, NOW, '', bindings, fallback, log),
    ]
    expect(outcomes.map((o) => [o.status, o.headers['X-RateLimit-Remaining']])).toEqual([
      [200, '1'],
      [200, '0'],
      [429, '0'],
    ])
    expect(outcomes[2]).toMatchObject({
      message: 'Rate limit exceeded: 2 requests per hour',
      headers: { 'X-RateLimit-Reset': TOP_OF_NEXT_HOUR_S, 'Retry-After': '3300' },
    })
    expect(lines.map((l) => [l.event, l.count, l.limit, l.outcome])).toEqual([
      ['ratelimit.fallback', 1, 2, 'allowed'],
      ['ratelimit.fallback', 2, 2, 'allowed'],
      ['ratelimit.fallback', 3, 2, 'throttled'],
    ])
    expect(JSON.stringify(lines)).not.toContain(auth.credentialHash)
  })

  it('limits the same way when the Durable Object does not answer in time', async () => {
    vi.useFakeTimers()
    const auth = credential(1)
    const fallback = new FallbackCounts()
    const { log, lines } = recordingLog()
    const outcomes: Outcome[] = []
    for (let i = 0; i < 2; i++) {
      const pending = attempt(auth, NOW, '', { RATE_LIMITER: hangingLimiter }, fallback, log)
      await vi.advanceTimersByTimeAsync(RATE_LIMITER_TIMEOUT_MS)
      outcomes.push(await pending)
    }
    expect(outcomes.map((o) => o.status)).toEqual([200, 429])
    expect(lines.map((l) => l.event)).toEqual(['ratelimit.fallback', 'ratelimit.fallback'])
  })

  it('counts on from the last count the Durable Object told this isolate', async () => {
    const auth = credential(3)
    const fallback = new FallbackCounts()
    expect((await attempt(auth, NOW, '', env, fallback)).status).toBe(200)
    expect((await attempt(auth, NOW, '', env, fallback)).status).toBe(200)
    const down = { RATE_LIMITER: throwingLimiter }
    expect((await attempt(auth, NOW, '', down, fallback)).status).toBe(200)
    expect((await attempt(auth, NOW, '', down, fallback)).status).toBe(429)
  })

  it('starts a new window at the top of the hour in the isolate too', async () => {
    const auth = credential(1)
    const fallback = new FallbackCounts()
    const down = { RATE_LIMITER: throwingLimiter }
    expect((await attempt(auth, at('2024-03-15T14:59:59Z'), '', down, fallback)).status).toBe(200)
    expect((await attempt(auth, at('2024-03-15T14:59:59Z'), '', down, fallback)).status).toBe(429)
    expect((await attempt(auth, at('2024-03-15T15:00:00Z'), '', down, fallback)).status).toBe(200)
  })

  it('throttles through the whole Worker, logging every fallback decision', async () => {
    const worker = ownWorker({ RATE_LIMITER: throwingLimiter })
    const headers = { ...credentialHeaders(RPH3), 'X-Test-Rate-Namespace': crypto.randomUUID() }
    const lines: Record<string, unknown>[] = []
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(JSON.parse(String(line))))
    try {
      const statuses: number[] = []
      for (let i = 0; i < 4; i++) statuses.push((await worker.fetch('/credentialscheck', headers)).status)
      expect(statuses).toEqual([200, 200, 200, 429])
    } finally {
      vi.restoreAllMocks()
    }
    expect(lines.filter((l) => l.event === 'ratelimit.fallback')).toHaveLength(4)
    expect(lines.filter((l) => l.event === 'request').map((l) => l.ratelimit_source)).toEqual([
      'fallback',
      'fallback',
      'fallback',
      'fallback',
    ])
  })
})

/** DB_AGGREGATE on a port nothing listens on: every aggregate query is an outage (503). */
const closedAggregate = () =>
  ({
    ...env.DB_AGGREGATE,
    host: '127.0.0.1',
    port: 1,
    user: env.DB_AGGREGATE.user,
    password: env.DB_AGGREGATE.password,
    database: env.DB_AGGREGATE.database,
  }) as Hyperdrive

describe('a request answered by an outage (503) costs no request of the hourly budget', () => {
  it('gives the request back to the Durable Object and says when to come back', async () => {
    const namespace = { 'X-Test-Rate-Namespace': crypto.randomUUID() }
    const down = ownWorker({ DB_AGGREGATE: closedAggregate() })
    const up = ownWorker()
    const outage = await down.fetch('/analytics?from=2024-03-01&to=2024-03-01', {
      ...credentialHeaders(MAIN),
      ...namespace,
    })
    expect([outage.status, await outage.text()]).toEqual([
      503,
      '{"status":false,"error":"Service temporarily unavailable"}',
    ])
    expect(outage.headers.get('Retry-After')).toBe('30')
    await down.settle()
    for (const expected of ['199', '198']) {
      const res = await up.fetch('/credentialscheck', { ...credentialHeaders(MAIN), ...namespace })
      expect(res.headers.get('X-RateLimit-Remaining')).toBe(expected)
    }
  })

  it('gives it back to the isolate’s own count when the Durable Object is down too', async () => {
    const worker = ownWorker({ DB_AGGREGATE: closedAggregate(), RATE_LIMITER: throwingLimiter })
    const headers = { ...credentialHeaders(RPH3), 'X-Test-Rate-Namespace': crypto.randomUUID() }
    for (let i = 0; i < 5; i++) {
      expect((await worker.fetch('/analytics?from=2024-03-01&to=2024-03-01', headers)).status).toBe(503)
    }
    const statuses: number[] = []
    for (let i = 0; i < 4; i++) statuses.push((await worker.fetch('/credentialscheck', headers)).status)
    expect(statuses).toEqual([200, 200, 200, 429])
  })

  it('still counts a request answered 400 or 404 Advertiser not found', async () => {
    const namespace = { 'X-Test-Rate-Namespace': crypto.randomUUID() }
    const worker = ownWorker()
    expect(
      (await worker.fetch('/analytics?from=bad', { ...credentialHeaders(MAIN), ...namespace })).status,
    ).toBe(400)
    expect(
      (await worker.fetch('/campaigns?advertiser_id=21', { ...credentialHeaders(MAIN), ...namespace }))
        .status,
    ).toBe(404)
    await worker.settle()
    const res = await worker.fetch('/credentialscheck', { ...credentialHeaders(MAIN), ...namespace })
    expect(res.headers.get('X-RateLimit-Remaining')).toBe('197')
  })
})

describe('what counts, through the whole Worker', () => {
  it('does not count requests refused with 401 or answered 404 Unknown method, and counts a 400', async () => {
    // rph 3, one namespace for every request of this test.
    const headers = { ...credentialHeaders(RPH3), 'X-Test-Rate-Namespace': crypto.randomUUID() }
    const status = async (path: string, extra: Record<string, string> = {}, method = 'GET') =>
      (await get(path, { ...headers, ...extra }, { method })).status
    expect(await status('/credentialscheck', { 'X-Api-Key': 'ak_wrong' })).toBe(401)
    expect(await status('/credentialscheck', { 'X-Api-Key': '' })).toBe(401)
    expect(await status('/nope')).toBe(404)
    expect(await status('/credentialscheck', {}, 'POST')).toBe(404)
    expect(await status('/analytics?from=bad')).toBe(400)
    expect([await status('/credentialscheck'), await status('/credentialscheck')]).toEqual([200, 200])
    expect(await status('/credentialscheck')).toBe(429)
  })
})
