// Legacy steps 1 and 2 through authenticate(): missing credentials, the auth
// helper's verdicts over the real service binding (at a pinned clock), and a
// helper that fails, is slow or cannot decide (503, never 401).
import { env } from 'cloudflare:test'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { VerifyResult } from '@adventive/worker-kit/auth-contract'
import { createLogger } from '@adventive/worker-kit/logger'
import {
  DISABLED,
  EXPIRED,
  FUTURE,
  MAIN,
  RPH3,
  SUSPENDED,
  credentialHeaders,
} from '../../scripts/db/demo-credentials.ts'
import { LegacyError } from '../../src/domain/legacy-error.ts'
import type { Env } from '../../src/env.ts'
import { FailedAuthThrottle } from '../../src/pipeline/auth-failures.ts'
import { AUTH_TIMEOUT_MS, authenticate } from '../../src/pipeline/auth.ts'
import { CredentialCache } from '../../src/pipeline/credential-cache.ts'

const NOW = new Date('2024-03-15T14:05:00Z')
const quiet = createLogger({}, () => undefined)
const freshMemory = () => ({ cache: new CredentialCache(), throttle: new FailedAuthThrottle() })

function pair(integrationKey: string, apiKey: string): Record<string, string> {
  return { 'X-Integration-Key': integrationKey, 'X-Api-Key': apiKey }
}

type AuthBindings = Pick<Env, 'AUTH' | 'AUTH_FAILURES'>

const run = (headers: HeadersInit, bindings: AuthBindings = env, now = NOW) =>
  authenticate(bindings, freshMemory(), {
    headers: new Headers(headers),
    now,
    realNowMs: Date.now(),
    log: quiet,
  })

async function failure(headers: HeadersInit, bindings: AuthBindings = env): Promise<[number, string]> {
  try {
    await run(headers, bindings)
  } catch (err) {
    if (err instanceof LegacyError) return [err.status, err.message]
    throw err
  }
  throw new Error('expected authenticate to refuse')
}

/** An AUTH binding stand-in whose verify() does what the test says. */
const helperThat = (verify: () => Promise<VerifyResult>) => ({ AUTH: { verify } }) as unknown as AuthBindings

afterEach(() => {
  vi.useRealTimers()
})

describe('authenticate: missing credentials (legacy step 1)', () => {
  it('refuses a request without either header', async () => {
    expect(await failure({})).toEqual([401, 'Missing API credentials'])
  })

  it('refuses a request without the integration key', async () => {
    expect(await failure({ 'X-Api-Key': MAIN.apiKey })).toEqual([401, 'Missing API credentials'])
  })

  it('refuses a request without the api key', async () => {
    expect(await failure({ 'X-Integration-Key': MAIN.integrationKey })).toEqual([
      401,
      'Missing API credentials',
    ])
  })

  it('counts an empty header as missing', async () => {
    expect(await failure(pair(MAIN.integrationKey, ''))).toEqual([401, 'Missing API credentials'])
    expect(await failure(pair('', MAIN.apiKey))).toEqual([401, 'Missing API credentials'])
  })

  it("counts only an empty header as missing: a header '0' is a key that matches nothing, as in the reference app", async () => {
    expect(await failure(pair(MAIN.integrationKey, '0'))).toEqual([401, 'Invalid credentials'])
    expect(await failure(pair('0', MAIN.apiKey))).toEqual([401, 'Invalid credentials'])
    expect(await failure(pair(MAIN.integrationKey, '00'))).toEqual([401, 'Invalid credentials'])
  })

  it('decides before asking the helper', async () => {
    let asked = false
    const helper = helperThat(async () => {
      asked = true
      return { valid: true, accountId: 1, rph: 1, cached: false }
    })
    expect(await failure({}, helper)).toEqual([401, 'Missing API credentials'])
    expect(asked).toBe(false)
  })
})

describe('authenticate through the auth helper (legacy step 2)', () => {
  it('accepts the main key and returns account, rph and the SHA-256 of the pair', async () => {
    expect(await run(credentialHeaders(MAIN))).toEqual({
      accountId: 1,
      rph: 200,
      credentialHash: '53c90dfeca49c60f55021c0ce3f9758378f23303ce89f750c30d8907498280d7',
      source: expect.stringMatching(/^(kv|db)$/),
    })
  })

  it('reads the header names case-insensitively', async () => {
    const headers = { 'x-api-key': MAIN.apiKey, 'X-INTEGRATION-KEY': MAIN.integrationKey }
    expect((await run(headers)).accountId).toBe(1)
  })

  it('refuses a wrong api key', async () => {
    expect(await failure(pair(MAIN.integrationKey, RPH3.apiKey))).toEqual([401, 'Invalid credentials'])
  })

  it('refuses an api key in the wrong case', async () => {
    expect(await failure(pair(MAIN.integrationKey, MAIN.apiKey.toUpperCase()))).toEqual([
      401,
      'Invalid credentials',
    ])
  })

  it('refuses an unknown integration key', async () => {
    expect(await failure(pair('adv-int-nope-9999', MAIN.apiKey))).toEqual([401, 'Invalid credentials'])
  })

  it('refuses a disabled key', async () => {
    expect(await failure(credentialHeaders(DISABLED))).toEqual([401, 'Invalid credentials'])
  })

  it('refuses a key that expired on 2024-03-01 at the pinned 2024-03-15', async () => {
    expect(await failure(credentialHeaders(EXPIRED))).toEqual([401, 'Invalid credentials'])
  })

  it('accepts that key at a pinned instant before its expiry', async () => {
    expect((await run(credentialHeaders(EXPIRED), env, new Date('2024-02-29T23:59:59Z'))).accountId).toBe(1)
  })

  it('refuses a key of a suspended account', async () => {
    expect(await failure(credentialHeaders(SUSPENDED))).toEqual([401, 'Invalid credentials'])
  })

  it('accepts a key that expires in 2030, with its rph of 50', async () => {
    const auth = await run(credentialHeaders(FUTURE))
    expect([auth.accountId, auth.rph]).toEqual([1, 50])
  })
})

describe('authenticate when the helper fails', () => {
  it('answers 503 when the RPC throws', async () => {
    const helper = helperThat(() => Promise.reject(new Error('service binding down')))
    expect(await failure(credentialHeaders(MAIN), helper)).toEqual([503, 'Service temporarily unavailable'])
  })

  it('answers 503 with Retry-After when the helper does not answer in time', async () => {
    vi.useFakeTimers()
    const helper = helperThat(() => new Promise<VerifyResult>(() => undefined))
    const answer = run(credentialHeaders(MAIN), helper).catch((err: unknown) => err)
    await vi.advanceTimersByTimeAsync(AUTH_TIMEOUT_MS)
    const err = (await answer) as LegacyError
    expect([err.status, err.message, err.headers['Retry-After']]).toEqual([
      503,
      'Service temporarily unavailable',
      '30',
    ])
  })

  it('answers 503, not 401, when the helper cannot reach its database', async () => {
    const helper = helperThat(async () => ({ valid: null, reason: 'unavailable' }))
    expect(await failure(credentialHeaders(MAIN), helper)).toEqual([503, 'Service temporarily unavailable'])
  })
})
