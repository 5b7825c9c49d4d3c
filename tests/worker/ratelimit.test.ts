import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test'
import { exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import type { RateLimiter } from '../../src/durable-objects/RateLimiter.ts'
import type { Env } from '../../src/env.ts'
import type { AuthContext } from '../../src/lib/context.ts'
import { HttpError } from '../../src/lib/errors.ts'
import { createLogger } from '../../src/lib/logger.ts'
import { counterName, enforceRateLimit } from '../../src/lib/ratelimit.ts'

const quiet = createLogger({}, () => undefined)
const at = (iso: string) => new Date(iso)
const NOW = at('2024-03-15T14:05:00Z')
const TOP_OF_NEXT_HOUR_S = String(Date.UTC(2024, 2, 15, 15) / 1000)

/** A credential of its own per test, so counters never leak between tests. */
function credential(rph: number): AuthContext {
  const credentialHash = crypto.randomUUID().replaceAll('-', '').padEnd(64, '0')
  return { accountId: 1, rph, credentialHash }
}

type Outcome =
  | { status: 200; headers: Record<string, string> }
  | { status: number; message: string; headers: Record<string, string> }

async function attempt(
  auth: AuthContext,
  now = NOW,
  namespace = '',
  bindings: Pick<Env, 'RATE_LIMITER' | 'RATE_LIMIT_KV'> = env,
  log = quiet,
): Promise<Outcome> {
  try {
    return { status: 200, headers: await enforceRateLimit(bindings, auth, now, namespace, log) }
  } catch (err) {
    if (!(err instanceof HttpError)) throw err
    return { status: err.status, message: err.message, headers: err.headers }
  }
}

const stubFor = (auth: AuthContext, namespace = '') =>
  env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(counterName(auth.credentialHash, namespace)))

describe('enforceRateLimit', () => {
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

describe('when the Durable Object is unavailable', () => {
  const brokenLimiter = {
    idFromName: () => ({}),
    get: () => ({ check: () => Promise.reject(new Error('Durable Object reset')) }),
  } as unknown as Env['RATE_LIMITER']

  it('counts in RATE_LIMIT_KV instead, with the same limit and headers', async () => {
    const auth = credential(2)
    const bindings = { RATE_LIMITER: brokenLimiter, RATE_LIMIT_KV: env.RATE_LIMIT_KV }
    const outcomes = [
      await attempt(auth, NOW, '', bindings),
      await attempt(auth, NOW, '', bindings),
      await attempt(auth, NOW, '', bindings),
    ]
    expect(outcomes.map((o) => [o.status, o.headers['X-RateLimit-Remaining']])).toEqual([
      [200, '1'],
      [200, '0'],
      [429, '0'],
    ])
    const { keys } = await env.RATE_LIMIT_KV.list({ prefix: `rl:v1:${auth.credentialHash}` })
    expect(keys.map((k) => k.name)).toEqual([`rl:v1:${auth.credentialHash}:${Date.UTC(2024, 2, 15, 14)}`])
  })

  it('lets the request through (and logs it) when KV fails too', async () => {
    const lines: string[] = []
    const log = createLogger({}, (line) => void lines.push(line))
    const brokenKv = { get: () => Promise.reject(new Error('KV down')) } as unknown as KVNamespace
    const outcome = await attempt(
      credential(1),
      NOW,
      '',
      { RATE_LIMITER: brokenLimiter, RATE_LIMIT_KV: brokenKv },
      log,
    )
    expect(outcome.status).toBe(200)
    expect(lines.map((l) => JSON.parse(l).event)).toEqual([
      'ratelimit.do.unavailable',
      'ratelimit.kv.unavailable',
    ])
  })
})

describe('what counts, through the whole Worker', () => {
  it('does not count requests refused with 401 or answered 404 Unknown method', async () => {
    const headers = {
      'X-Integration-Key': 'adv-int-rl3-0002', // rph 3 (shared/legacy/README.md)
      'X-Api-Key': 'ak_rl3_0c7e1d9a2b4f46e8a1d3c5b7e9f02468',
      'X-Test-Now': '2024-03-15T14:05:00Z',
      'X-Test-Rate-Namespace': crypto.randomUUID(),
    }
    const get = async (path: string, extra: Record<string, string> = {}, method = 'GET') =>
      (await exports.default.fetch(`http://api.test${path}`, { method, headers: { ...headers, ...extra } }))
        .status
    expect(await get('/credentialscheck', { 'X-Api-Key': 'ak_wrong' })).toBe(401)
    expect(await get('/credentialscheck', { 'X-Api-Key': '' })).toBe(401)
    expect(await get('/nope')).toBe(404)
    expect(await get('/credentialscheck', {}, 'POST')).toBe(404)
    expect([
      await get('/credentialscheck'),
      await get('/credentialscheck'),
      await get('/credentialscheck'),
    ]).toEqual([200, 200, 200])
    expect(await get('/credentialscheck')).toBe(429)
  })
})
