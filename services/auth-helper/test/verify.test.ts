import { env } from 'cloudflare:test'
import { beforeEach, describe, expect, it } from 'vitest'
import { openSqlClient, type MysqlTarget } from '../../../src/lib/db.ts'
import { createLogger } from '../../../src/lib/logger.ts'
import { credentialHash } from '../src/credential-hash.ts'
import type { HelperEnv } from '../src/index.ts'
import { cacheKey, verifyCredentials, type VerifyDeps } from '../src/verify.ts'

const helperEnv = env as unknown as HelperEnv

// Demo credentials (../../../../shared/legacy/README.md); local data only.
const MAIN = { integrationKey: 'adv-int-main-0001', apiKey: 'ak_main_5f2b9c81d7e04a6b93c1e8f0a4d27b6e' }
const RL3 = { integrationKey: 'adv-int-rl3-0002', apiKey: 'ak_rl3_0c7e1d9a2b4f46e8a1d3c5b7e9f02468' }
const DISABLED = {
  integrationKey: 'adv-int-disabled-0004',
  apiKey: 'ak_disabled_1111aaaa2222bbbb3333cccc4444',
}
const EXPIRED = { integrationKey: 'adv-int-expired-0005', apiKey: 'ak_expired_5555dddd6666eeee7777ffff8888' }
const SUSPENDED = {
  integrationKey: 'adv-int-suspended-0006',
  apiKey: 'ak_suspended_99990000aaaabbbbccccdddd',
}
const FUTURE = { integrationKey: 'adv-int-future-0007', apiKey: 'ak_future_2030e1f2a3b4c5d6e7f8091a2b3c' }

const NOW = Date.parse('2024-03-15T14:05:00Z')
const closedPort: MysqlTarget = {
  host: '127.0.0.1',
  port: 1,
  user: 'api_ro',
  password: 'x',
  database: 'console',
}

function harness(overrides: Partial<VerifyDeps> & { target?: MysqlTarget } = {}) {
  const lines: string[] = []
  const background: Promise<unknown>[] = []
  const log = createLogger({}, (line) => void lines.push(line))
  const ctx = { waitUntil: (p: Promise<unknown>) => void background.push(p) }
  let opened = 0
  const deps: VerifyDeps = {
    cache: helperEnv.CACHE,
    openDb: () => {
      opened += 1
      return openSqlClient(overrides.target ?? helperEnv.DB_CONSOLE, ctx, { log, retryDelayMs: () => 5 })
    },
    waitUntil: ctx.waitUntil,
    log,
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

beforeEach(async () => {
  const { keys } = await helperEnv.CACHE.list()
  await Promise.all(keys.map((k) => helperEnv.CACHE.delete(k.name)))
})

describe('verifyCredentials against the api table', () => {
  it('accepts the main key with its account and rph', async () => {
    expect(await verify(MAIN)).toEqual({ valid: true, accountId: 1, rph: 200, cached: false })
  })

  it('returns the row’s own rph', async () => {
    expect(await verify(RL3)).toEqual({ valid: true, accountId: 1, rph: 3, cached: false })
  })

  it('rejects an api key of another row', async () => {
    expect(await verify({ integrationKey: MAIN.integrationKey, apiKey: RL3.apiKey })).toEqual({
      valid: false,
      cached: false,
    })
  })

  it('rejects an unknown integration key', async () => {
    expect(await verify({ integrationKey: 'adv-int-nope-9999', apiKey: MAIN.apiKey })).toEqual({
      valid: false,
      cached: false,
    })
  })

  it('compares the api key byte for byte: upper case and a trailing space do not match', async () => {
    expect((await verify({ ...MAIN, apiKey: MAIN.apiKey.toUpperCase() })).valid).toBe(false)
    expect((await verify({ ...MAIN, apiKey: `${MAIN.apiKey} ` })).valid).toBe(false)
    expect((await verify({ ...MAIN, integrationKey: `${MAIN.integrationKey} ` })).valid).toBe(false)
  })

  it('rejects a disabled key', async () => {
    expect((await verify(DISABLED)).valid).toBe(false)
  })

  it('rejects a key that expired before now', async () => {
    expect((await verify(EXPIRED)).valid).toBe(false)
  })

  it('accepts that key when now is before its expiry', async () => {
    expect((await verify(EXPIRED, Date.parse('2024-02-29T23:59:59Z'))).valid).toBe(true)
  })

  it('rejects a key of a suspended account', async () => {
    expect((await verify(SUSPENDED)).valid).toBe(false)
  })

  it('accepts a key expiring in the future, and rejects it from the exact expiry instant on', async () => {
    expect(await verify(FUTURE)).toEqual({ valid: true, accountId: 1, rph: 50, cached: false })
    expect(await verify(FUTURE, Date.parse('2029-12-31T23:59:59.999Z'))).toEqual({
      valid: true,
      accountId: 1,
      rph: 50,
      cached: true,
    })
    expect(await verify(FUTURE, Date.parse('2030-01-01T00:00:00Z'))).toEqual({ valid: false, cached: true })
  })

  it('answers a malformed request as invalid without touching the database', async () => {
    const h = harness()
    expect(await verifyCredentials({ integrationKey: '', apiKey: MAIN.apiKey, nowMs: NOW }, h.deps)).toEqual({
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
    expect(await verify(MAIN, NOW, second)).toEqual({ valid: true, accountId: 1, rph: 200, cached: true })
    expect(second.events()).toEqual(['auth.cache.hit', 'auth.lookup'])
    expect(second.opened()).toBe(0)
  })

  it('keys entries by the SHA-256 of the pair and stores no raw key, for five minutes', async () => {
    await verify(MAIN)
    const { keys } = await helperEnv.CACHE.list()
    expect(keys.map((k) => k.name)).toEqual([
      cacheKey(await credentialHash(MAIN.integrationKey, MAIN.apiKey)),
    ])
    expect(keys[0]!.name).toMatch(/^auth:v1:[0-9a-f]{64}$/)
    const stored = await helperEnv.CACHE.get(keys[0]!.name)
    expect(stored).toBe('{"v":1,"match":true,"accountId":1,"rph":200,"expiresAtMs":null}')
    const ttlS = (keys[0]!.expiration ?? 0) - Date.now() / 1000
    expect(ttlS).toBeGreaterThan(290)
    expect(ttlS).toBeLessThanOrEqual(301)
  })

  it('caches a no-match for one minute', async () => {
    await verify(DISABLED)
    const { keys } = await helperEnv.CACHE.list()
    expect(await helperEnv.CACHE.get(keys[0]!.name)).toBe('{"v":1,"match":false}')
    const ttlS = (keys[0]!.expiration ?? 0) - Date.now() / 1000
    expect(ttlS).toBeGreaterThan(50)
    expect(ttlS).toBeLessThanOrEqual(61)
    expect(await verify(DISABLED)).toEqual({ valid: false, cached: true })
  })

  it('treats a broken cache as a miss and still answers from the database', async () => {
    const broken = {
      get: () => Promise.reject(new Error('KV down')),
      put: () => Promise.reject(new Error('KV down')),
    } as unknown as KVNamespace
    const h = harness({ cache: broken })
    expect(await verify(MAIN, NOW, h)).toEqual({ valid: true, accountId: 1, rph: 200, cached: false })
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
