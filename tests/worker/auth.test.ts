import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import type { VerifyResult } from '../../services/auth-helper/src/contract.ts'
import type { Env } from '../../src/env.ts'
import { authenticate } from '../../src/lib/auth.ts'
import { HttpError } from '../../src/lib/errors.ts'
import { createLogger } from '../../src/lib/logger.ts'

// Demo credentials (shared/legacy/README.md); local data only.
const MAIN = {
  'X-Integration-Key': 'adv-int-main-0001',
  'X-Api-Key': 'ak_main_5f2b9c81d7e04a6b93c1e8f0a4d27b6e',
}
const NOW = new Date('2024-03-15T14:05:00Z')
const quiet = createLogger({}, () => undefined)

function pair(integrationKey: string, apiKey: string): Record<string, string> {
  return { 'X-Integration-Key': integrationKey, 'X-Api-Key': apiKey }
}

async function failure(
  headers: HeadersInit,
  auth: Pick<Env, 'AUTH'> = env,
  timeoutMs?: number,
): Promise<[number, string]> {
  try {
    await authenticate(auth, new Headers(headers), NOW, quiet, timeoutMs)
  } catch (err) {
    if (err instanceof HttpError) return [err.status, err.message]
    throw err
  }
  throw new Error('expected authenticate to refuse')
}

/** An AUTH binding stand-in whose verify() does what the test says. */
const helperThat = (verify: () => Promise<VerifyResult>) =>
  ({ AUTH: { verify } }) as unknown as Pick<Env, 'AUTH'>

describe('authenticate: missing credentials (legacy step 1)', () => {
  it('refuses a request without either header', async () => {
    expect(await failure({})).toEqual([401, 'Missing API credentials'])
  })

  it('refuses a request without the integration key', async () => {
    expect(await failure({ 'X-Api-Key': MAIN['X-Api-Key'] })).toEqual([401, 'Missing API credentials'])
  })

  it('refuses a request without the api key', async () => {
    expect(await failure({ 'X-Integration-Key': MAIN['X-Integration-Key'] })).toEqual([
      401,
      'Missing API credentials',
    ])
  })

  it('counts an empty header as missing', async () => {
    expect(await failure(pair(MAIN['X-Integration-Key'], ''))).toEqual([401, 'Missing API credentials'])
    expect(await failure(pair('', MAIN['X-Api-Key']))).toEqual([401, 'Missing API credentials'])
  })

  it("counts a header '0' as missing, as PHP's empty() does", async () => {
    expect(await failure(pair(MAIN['X-Integration-Key'], '0'))).toEqual([401, 'Missing API credentials'])
    expect(await failure(pair('0', MAIN['X-Api-Key']))).toEqual([401, 'Missing API credentials'])
    expect(await failure(pair(MAIN['X-Integration-Key'], '00'))).toEqual([401, 'Invalid credentials'])
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
    expect(await authenticate(env, new Headers(MAIN), NOW, quiet)).toEqual({
      accountId: 1,
      rph: 200,
      credentialHash: '53c90dfeca49c60f55021c0ce3f9758378f23303ce89f750c30d8907498280d7',
    })
  })

  it('reads the header names case-insensitively', async () => {
    const headers = new Headers({
      'x-api-key': MAIN['X-Api-Key'],
      'X-INTEGRATION-KEY': MAIN['X-Integration-Key'],
    })
    expect((await authenticate(env, headers, NOW, quiet)).accountId).toBe(1)
  })

  it('refuses a wrong api key', async () => {
    expect(await failure(pair('adv-int-main-0001', 'ak_rl3_0c7e1d9a2b4f46e8a1d3c5b7e9f02468'))).toEqual([
      401,
      'Invalid credentials',
    ])
  })

  it('refuses an api key in the wrong case', async () => {
    expect(await failure(pair('adv-int-main-0001', MAIN['X-Api-Key'].toUpperCase()))).toEqual([
      401,
      'Invalid credentials',
    ])
  })

  it('refuses an unknown integration key', async () => {
    expect(await failure(pair('adv-int-nope-9999', MAIN['X-Api-Key']))).toEqual([401, 'Invalid credentials'])
  })

  it('refuses a disabled key', async () => {
    expect(await failure(pair('adv-int-disabled-0004', 'ak_disabled_1111aaaa2222bbbb3333cccc4444'))).toEqual([
      401,
      'Invalid credentials',
    ])
  })

  it('refuses a key that expired on 2024-03-01 at the pinned 2024-03-15', async () => {
    expect(await failure(pair('adv-int-expired-0005', 'ak_expired_5555dddd6666eeee7777ffff8888'))).toEqual([
      401,
      'Invalid credentials',
    ])
  })

  it('refuses a key of a suspended account', async () => {
    expect(await failure(pair('adv-int-suspended-0006', 'ak_suspended_99990000aaaabbbbccccdddd'))).toEqual([
      401,
      'Invalid credentials',
    ])
  })

  it('accepts a key that expires in 2030, with its rph of 50', async () => {
    const auth = await authenticate(
      env,
      new Headers(pair('adv-int-future-0007', 'ak_future_2030e1f2a3b4c5d6e7f8091a2b3c')),
      NOW,
      quiet,
    )
    expect([auth.accountId, auth.rph]).toEqual([1, 50])
  })
})

describe('authenticate when the helper fails', () => {
  it('answers 503 when the RPC throws', async () => {
    const helper = helperThat(() => Promise.reject(new Error('service binding down')))
    expect(await failure(MAIN, helper)).toEqual([503, 'Service temporarily unavailable'])
  })

  it('answers 503 when the helper does not answer in time', async () => {
    const helper = helperThat(() => new Promise<VerifyResult>(() => undefined))
    const started = Date.now()
    expect(await failure(MAIN, helper, 50)).toEqual([503, 'Service temporarily unavailable'])
    expect(Date.now() - started).toBeLessThan(1_000)
  })

  it('answers 503, not 401, when the helper cannot reach its database', async () => {
    const helper = helperThat(async () => ({ valid: null, reason: 'unavailable' }))
    expect(await failure(MAIN, helper)).toEqual([503, 'Service temporarily unavailable'])
  })
})
