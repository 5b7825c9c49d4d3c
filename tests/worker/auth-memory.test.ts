// What authentication keeps in the isolate, through the Worker with the real
// auth helper behind a counting proxy: credentials that cannot exist are
// refused without a lookup, verified credentials are served from the isolate
// while the helper says they are fresh (their expiry still judged at each
// request's own instant), and an address that keeps failing is throttled.
import { describe, expect, it } from 'vitest'
import type { VerifyResult } from '@adventive/worker-kit/auth-contract'
import { sleep } from '@adventive/worker-kit/deadline'
import { credentialHeaders, EXPIRED, FUTURE, MAIN } from '../../scripts/db/demo-credentials.ts'
import { clientAddress, ownWorker } from './support/requests.ts'
import { countingAuth } from './support/counting-auth.ts'

const INVALID = '{"status":false,"error":"Invalid credentials"}'
const MISSING = '{"status":false,"error":"Missing API credentials"}'

/** A well-formed credential no row has. */
const unknownCredential = () =>
  credentialHeaders({
    integrationKey: 'adv-int-nope-0000',
    apiKey: `ak_${crypto.randomUUID().replaceAll('-', '')}`,
  })

describe('credentials that cannot exist', () => {
  it.each([
    ['an api key longer than 64 characters', { ...MAIN, apiKey: 'k'.repeat(65) }],
    ['an integration key longer than 64 characters', { ...MAIN, integrationKey: 'i'.repeat(65) }],
    ['a key with a space inside', { ...MAIN, apiKey: 'ak main' }],
    ['a key with a tab inside', { ...MAIN, apiKey: 'ak\tmain' }],
    ['a key with a non-ASCII byte', { ...MAIN, apiKey: 'ak_m\u00e4in' }],
    ['a key with a DEL byte', { ...MAIN, integrationKey: 'adv\u007fint' }],
  ])('answers %s with the legacy 401 without asking the helper', async (_what, credential) => {
    const auth = countingAuth()
    const worker = ownWorker({ AUTH: auth.AUTH })
    const res = await worker.fetch('/credentialscheck', credentialHeaders(credential))
    expect([res.status, await res.text()]).toEqual([401, INVALID])
    expect(auth.calls()).toBe(0)
  })

  it('takes a whitespace-only header as empty (the runtime trims it): 401 Missing, no lookup', async () => {
    const auth = countingAuth()
    const worker = ownWorker({ AUTH: auth.AUTH })
    const res = await worker.fetch('/credentialscheck', { ...credentialHeaders(MAIN), 'X-Api-Key': ' \t ' })
    expect([res.status, await res.text()]).toEqual([401, MISSING])
    expect(auth.calls()).toBe(0)
  })

  it('still asks the helper about a key of 64 printable characters', async () => {
    const auth = countingAuth()
    const worker = ownWorker({ AUTH: auth.AUTH })
    const res = await worker.fetch(
      '/credentialscheck',
      credentialHeaders({ ...MAIN, apiKey: '~'.repeat(64) }),
    )
    expect(res.status).toBe(401)
    expect(auth.calls()).toBe(1)
  })
})

describe('the isolate’s cache of verdicts', () => {
  it('serves a verified credential again without asking the helper', async () => {
    const auth = countingAuth()
    const worker = ownWorker({ AUTH: auth.AUTH })
    for (let i = 0; i < 3; i++) {
      const res = await worker.fetch('/credentialscheck', credentialHeaders(MAIN))
      expect(res.status).toBe(200)
    }
    expect(auth.calls()).toBe(1)
  })

  it('keeps a verdict only until the helper’s freshUntilMs', async () => {
    const auth = countingAuth((result) =>
      result.valid === true ? { ...result, freshUntilMs: Date.now() + 200 } : result,
    )
    const worker = ownWorker({ AUTH: auth.AUTH })
    expect((await worker.fetch('/credentialscheck', credentialHeaders(MAIN))).status).toBe(200)
    expect((await worker.fetch('/credentialscheck', credentialHeaders(MAIN))).status).toBe(200)
    expect(auth.calls()).toBe(1)
    await sleep(400)
    expect((await worker.fetch('/credentialscheck', credentialHeaders(MAIN))).status).toBe(200)
    expect(auth.calls()).toBe(2)
  })

  it('keeps nothing from a helper that does not say how fresh its verdict is', async () => {
    const auth = countingAuth((result) => {
      const { freshUntilMs: _dropped, ...older } = result as VerifyResult & { freshUntilMs?: number }
      return older as VerifyResult
    })
    const worker = ownWorker({ AUTH: auth.AUTH })
    for (let i = 0; i < 2; i++)
      expect((await worker.fetch('/credentialscheck', credentialHeaders(MAIN))).status).toBe(200)
    expect(auth.calls()).toBe(2)
  })

  it('judges a cached key’s expiry at each request’s own instant', async () => {
    const auth = countingAuth()
    const worker = ownWorker({ AUTH: auth.AUTH })
    const at = (now: string) => ({ ...credentialHeaders(FUTURE), 'X-Test-Now': now })
    expect((await worker.fetch('/credentialscheck', at('2024-03-15T14:05:00Z'))).status).toBe(200)
    expect((await worker.fetch('/credentialscheck', at('2029-12-31T23:59:59.999Z'))).status).toBe(200)
    const expired = await worker.fetch('/credentialscheck', at('2030-01-01T00:00:00Z'))
    expect([expired.status, await expired.text()]).toEqual([401, INVALID])
    expect(auth.calls()).toBe(1)
  })

  it('asks again about a key refused only because it had expired', async () => {
    const auth = countingAuth()
    const worker = ownWorker({ AUTH: auth.AUTH })
    const at = (now: string) => ({ ...credentialHeaders(EXPIRED), 'X-Test-Now': now })
    expect((await worker.fetch('/credentialscheck', at('2024-03-15T14:05:00Z'))).status).toBe(401)
    expect((await worker.fetch('/credentialscheck', at('2024-02-29T23:59:59Z'))).status).toBe(200)
    expect(auth.calls()).toBe(2)
    // Now valid and cached; at the later instant the cached verdict is judged expired.
    expect((await worker.fetch('/credentialscheck', at('2024-03-15T14:05:00Z'))).status).toBe(401)
    expect(auth.calls()).toBe(2)
  })

  it('remembers a credential that matches no key', async () => {
    const auth = countingAuth()
    const worker = ownWorker({ AUTH: auth.AUTH })
    const unknown = unknownCredential()
    for (let i = 0; i < 2; i++) expect((await worker.fetch('/credentialscheck', unknown)).status).toBe(401)
    expect(auth.calls()).toBe(1)
  })
})

/** Waits out the end of the minute when little of it is left: the binding's window is the wall-clock minute. */
async function startOfAMinute(needMs: number): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000)
  if (left < needMs) await sleep(left + 50)
}

describe('the failed-authentication throttle (AUTH_FAILURES, 10 a minute per address)', () => {
  it('refuses an address’s 11th unknown credential with 429 and Retry-After, without a lookup', async () => {
    await startOfAMinute(10_000)
    const auth = countingAuth()
    const worker = ownWorker({ AUTH: auth.AUTH })
    const address = { 'CF-Connecting-IP': clientAddress() }
    // A valid credential of the same address, verified (and cached) before the failures.
    expect((await worker.fetch('/credentialscheck', { ...credentialHeaders(MAIN), ...address })).status).toBe(
      200,
    )

    for (let i = 1; i <= 10; i++) {
      const res = await worker.fetch('/credentialscheck', { ...unknownCredential(), ...address })
      expect([i, res.status, await res.text()]).toEqual([i, 401, INVALID])
    }
    const lookups = auth.calls()
    expect(lookups).toBe(11)

    const throttled = await worker.fetch('/credentialscheck', { ...unknownCredential(), ...address })
    expect([throttled.status, await throttled.text()]).toEqual([
      429,
      '{"status":false,"error":"Too many failed authentication attempts"}',
    ])
    const retryAfter = Number(throttled.headers.get('Retry-After'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(60)
    expect(auth.calls()).toBe(lookups)

    // The cached valid credential of that address is still served.
    expect((await worker.fetch('/credentialscheck', { ...credentialHeaders(MAIN), ...address })).status).toBe(
      200,
    )
    // Another address is not affected.
    const other = await worker.fetch('/credentialscheck', {
      ...unknownCredential(),
      'CF-Connecting-IP': clientAddress(),
    })
    expect([other.status, await other.text()]).toEqual([401, INVALID])
    expect(auth.calls()).toBe(lookups + 1)
  }, 30_000)

  it('keeps refusing the throttled address for the rest of the period', async () => {
    await startOfAMinute(10_000)
    const worker = ownWorker()
    const address = { 'CF-Connecting-IP': clientAddress() }
    const statuses: number[] = []
    for (let i = 0; i < 14; i++)
      statuses.push((await worker.fetch('/credentialscheck', { ...unknownCredential(), ...address })).status)
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(11)
    expect(statuses.slice(-2)).toEqual([429, 429])
  }, 30_000)
})
