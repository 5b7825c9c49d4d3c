import { env } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import { credentialHash } from '@adventive/worker-kit/credential-hash'
import { openSqlClient, type MysqlTarget } from '@adventive/worker-kit/db'
import { workersSocket } from '@adventive/worker-kit/db/workers-socket'
import { startDeadline } from '@adventive/worker-kit/deadline'
import { createLogger } from '@adventive/worker-kit/logger'
import { DISABLED, EXPIRED, FUTURE, MAIN, RPH3, SUSPENDED } from '../../../scripts/db/demo-credentials.ts'
import { CLOSED_PORT } from '../../../tests/support/db/closed-port.ts'
import type { HelperEnv } from '../src/index.ts'
import { cacheKey, MATCH_TTL_S, NO_MATCH_TTL_S, verifyCredentials, type VerifyDeps } from '../src/verify.ts'

const helperEnv = env as unknown as HelperEnv

const NOW = Date.parse('2024-03-15T14:05:00Z')
/** The helper's real clock, fixed: when facts were read, how long a verdict stays fresh. */
const WALL = Date.parse('2026-12-02T10:00:00Z')
const freshMatch = WALL + MATCH_TTL_S * 1000
const freshNoMatch = WALL + NO_MATCH_TTL_S * 1000

const closedPort: MysqlTarget = CLOSED_PORT

function harness(overrides: Partial<VerifyDeps> & { target?: MysqlTarget } = {}) {
  const lines: string[] = []
  const background: Promise<unknown>[] = []
  const log = createLogger({}, (line) => void lines.push(line))
  const waitUntil = (p: Promise<unknown>) => void background.push(p)
  let opened = 0
  const deps: VerifyDeps = {
    cache: helperEnv.CACHE,
    openDb: () => {
      opened += 1
      return openSqlClient(overrides.target ?? helperEnv.DB_CONSOLE, {
        deadline: startDeadline(2_000),
        log,
        waitUntil,
        socket: workersSocket,
        retryDelayMs: () => 5,
      })
    },
    waitUntil,
    log,
    wallClockMs: () => WALL,
    ...overrides,
  }
  return {
    deps,
    lines,
    events: () => lines.map((l) => (JSON.parse(l) as { event: string }).event),
    opened: () => opened,
    settle: () => Promise.all(background),
  }
}

async function verify(creds: { integrationKey: string; apiKey: string }, nowMs = NOW, h = harness()) {
  const result = await verifyCredentials({ ...creds, nowMs }, h.deps)
  await h.settle()
  return result
}

const valid = (accountId: number, rph: number, cached: boolean, expiresAtMs: number | null = null) => ({
  valid: true,
  accountId,
  rph,
  cached,
  expiresAtMs,
  freshUntilMs: freshMatch,
})
const noMatch = (cached: boolean) => ({ valid: false, cached, noMatch: true, freshUntilMs: freshNoMatch })

beforeEach(async () => {
  const { keys } = await helperEnv.CACHE.list()
  await Promise.all(keys.map((k) => helperEnv.CACHE.delete(k.name)))
})

describe('verifyCredentials against the api table', () => {
  it('accepts the main key with its account and rph, fresh for the five minutes of its cache entry', async () => {
    expect(await verify(MAIN)).toEqual(valid(1, 200, false))
  })

  it('returns the row’s own rph', async () => {
    expect(await verify(RPH3)).toEqual(valid(1, 3, false))
  })

  it('rejects an api key of another row, as no match at all', async () => {
    expect(await verify({ integrationKey: MAIN.integrationKey, apiKey: RPH3.apiKey })).toEqual(noMatch(false))
  })

  it('rejects an unknown integration key', async () => {
    expect(await verify({ integrationKey: 'adv-int-nope-9999', apiKey: MAIN.apiKey })).toEqual(noMatch(false))
  })

  it('compares the api key byte for byte: upper case and a trailing space do not match', async () => {
    expect((await verify({ ...MAIN, apiKey: MAIN.apiKey.toUpperCase() })).valid).toBe(false)
    expect((await verify({ ...MAIN, apiKey: `${MAIN.apiKey} ` })).valid).toBe(false)
    expect((await verify({ ...MAIN, integrationKey: `${MAIN.integrationKey} ` })).valid).toBe(false)
  })

  it('rejects a disabled key', async () => {
    expect(await verify(DISABLED)).toEqual(noMatch(false))
  })

  it('rejects a key that expired before now, as a match that is not valid at this instant', async () => {
    expect(await verify(EXPIRED)).toEqual({
      valid: false,
      cached: false,
      noMatch: false,
      freshUntilMs: freshMatch,
    })
  })

  it('accepts that key when now is before its expiry, with the expiry to re-check', async () => {
    expect(await verify(EXPIRED, Date.parse('2024-02-29T23:59:59Z'))).toEqual(
      valid(1, 200, false, Date.parse('2024-03-01T00:00:00Z')),
    )
  })

  it('rejects a key of a suspended account', async () => {
    expect(await verify(SUSPENDED)).toEqual(noMatch(false))
  })

  it('accepts a key expiring in the future, and rejects it from the exact expiry instant on', async () => {
    const expiry = Date.parse('2030-01-01T00:00:00Z')
    expect(await verify(FUTURE)).toEqual(valid(1, 50, false, expiry))
    expect(await verify(FUTURE, Date.parse('2029-12-31T23:59:59.999Z'))).toEqual(valid(1, 50, true, expiry))
    expect(await verify(FUTURE, expiry)).toEqual({
      valid: false,
      cached: true,
      noMatch: false,
      freshUntilMs: freshMatch,
    })
  })

  it('answers a malformed request as invalid without touching the database', async () => {
    const h = harness()
    expect(await verifyCredentials({ integrationKey: '', apiKey: MAIN.apiKey, nowMs: NOW }, h.deps)).toEqual({
      valid: false,
      cached: false,
    })
    expect(await verifyCredentials({ ...MAIN, nowMs: Number.NaN }, h.deps)).toEqual({
      valid: false,
      cached: false,
    })
    expect(h.opened()).toBe(0)
  })
})

describe('the KV cache', () => {
  it('misses, looks up, then hits without opening the database', async () => {
    const first = harness()
    expect(await verify(MAIN, NOW, first)).toMatchObject({ valid: true, cached: false })
    expect(first.events()).toEqual(['auth.cache.miss', 'auth.lookup'])
    expect(first.opened()).toBe(1)

    const second = harness()
    expect(await verify(MAIN, NOW, second)).toEqual(valid(1, 200, true))
    expect(second.events()).toEqual(['auth.cache.hit', 'auth.lookup'])
    expect(second.opened()).toBe(0)
  })

  it('keys entries by the SHA-256 of the pair and stores no raw key, with when it was read, for five minutes', async () => {
    await verify(MAIN)
    const { keys } = await helperEnv.CACHE.list()
    expect(keys.map((k) => k.name)).toEqual([
      cacheKey(await credentialHash(MAIN.integrationKey, MAIN.apiKey)),
    ])
    expect(keys[0]!.name).toMatch(/^auth:v1:[0-9a-f]{64}$/)
    const stored = await helperEnv.CACHE.get(keys[0]!.name)
    expect(stored).toBe(`{"v":1,"match":true,"accountId":1,"rph":200,"expiresAtMs":null,"readAtMs":${WALL}}`)
    const ttlS = (keys[0]!.expiration ?? 0) - Date.now() / 1000
    expect(ttlS).toBeGreaterThan(290)
    expect(ttlS).toBeLessThanOrEqual(301)
  })

  it('caches a no-match for one minute', async () => {
    await verify(DISABLED)
    const { keys } = await helperEnv.CACHE.list()
    expect(await helperEnv.CACHE.get(keys[0]!.name)).toBe(`{"v":1,"match":false,"readAtMs":${WALL}}`)
    const ttlS = (keys[0]!.expiration ?? 0) - Date.now() / 1000
    expect(ttlS).toBeGreaterThan(50)
    expect(ttlS).toBeLessThanOrEqual(61)
    expect(await verify(DISABLED)).toEqual(noMatch(true))
  })

  it('answers an entry of an older version (no read time) without freshUntilMs, so no caller keeps it', async () => {
    await helperEnv.CACHE.put(
      cacheKey(await credentialHash(MAIN.integrationKey, MAIN.apiKey)),
      '{"v":1,"match":true,"accountId":1,"rph":200,"expiresAtMs":null}',
    )
    expect(await verify(MAIN)).toEqual({
      valid: true,
      accountId: 1,
      rph: 200,
      cached: true,
      expiresAtMs: null,
    })
  })

  it('treats a broken cache as a miss and still answers from the database', async () => {
    const broken = {
      get: () => Promise.reject(new Error('KV down')),
      put: () => Promise.reject(new Error('KV down')),
    } as unknown as KVNamespace
    const h = harness({ cache: broken })
    expect(await verify(MAIN, NOW, h)).toEqual(valid(1, 200, false))
    expect(h.events()).toEqual(['auth.cache.error', 'auth.cache.miss', 'auth.lookup', 'auth.cache.error'])
  })

  it('ignores a cache entry it does not understand', async () => {
    await helperEnv.CACHE.put(
      cacheKey(await credentialHash(MAIN.integrationKey, MAIN.apiKey)),
      '{"v":99,"match":true}',
    )
    expect(await verify(MAIN)).toMatchObject({ valid: true, cached: false })
  })
})

describe('an unreachable database', () => {
  it('answers valid: null, reason unavailable (never invalid) and caches nothing', async () => {
    const h = harness({ target: closedPort })
    expect(await verify(MAIN, NOW, h)).toEqual({ valid: null, reason: 'unavailable' })
    expect(h.events()).toEqual(['auth.cache.miss', 'db.connect.retry', 'db.connect.failed', 'auth.failure'])
    expect((await helperEnv.CACHE.list()).keys).toHaveLength(0)
  })
})

describe('logs', () => {
  it('never carry a raw key, only a hash prefix', async () => {
    const h = harness()
    await verify(MAIN, NOW, h)
    await verify({ ...MAIN, apiKey: 'ak_wrong' }, NOW, h)
    const text = h.lines.join('\n')
    expect(text).not.toContain(MAIN.apiKey)
    expect(text).not.toContain('ak_wrong')
    const failure = h.lines.map((l) => JSON.parse(l)).find((l) => l.event === 'auth.failure')
    expect(failure).toMatchObject({ reason: 'invalid', key_hash: expect.stringMatching(/^[0-9a-f]{16}$/) })
  })
})
