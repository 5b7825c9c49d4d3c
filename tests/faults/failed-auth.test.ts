// Issue 13, item 1: a client that only ever fails authentication costs a
// lookup for its first few attempts, then none — the failed-auth throttle
// answers 429 before any lookup — while a credential it already proved valid
// keeps working and other clients are untouched. Lookups are counted where
// they cost: connections the stack opened to the database (the auth helper
// opens one per lookup).
import { describe, expect, it } from 'vitest'
import { credentialHeaders, envelope, get, type Answer } from '../../scripts/faults/client.ts'
import { describeAnswer } from '../../scripts/faults/observations.ts'
import { observe, useFaultStack } from './support/suite.ts'

/**
 * Failures an address may have in a minute before it is throttled (decisions/2026-12-02-failed-auth-throttle.md:
 * the AUTH_FAILURES binding's limit is 9, the call it refuses is the 10th failure).
 */
const FAILURES_ALLOWED = 10
const ATTEMPTS = 60

const stack = useFaultStack({ suite: 'failed_auth' })

const randomCredential = () => ({
  integrationKey: `adv-int-${crypto.randomUUID().slice(0, 8)}`,
  apiKey: `ak_${crypto.randomUUID().replaceAll('-', '')}`,
})

const from = (address: string) => ({ 'CF-Connecting-IP': address })

/**
 * The binding counts in windows aligned to the wall clock's minutes: a run of failures that
 * straddled one would start counting again. Waits for the next minute when fewer than `needMs`
 * are left of this one.
 */
async function withinOneMinute(needMs: number): Promise<void> {
  const left = 60_000 - (Date.now() % 60_000)
  if (left < needMs) await new Promise((resolve) => setTimeout(resolve, left + 50))
}

describe('a client sending random well-formed keys', () => {
  it('costs no lookup once throttled: 429 with Retry-After before any lookup, ≤ 0.1 lookups per failure after the first few', async () => {
    const address = '203.0.113.7'
    await withinOneMinute(10_000)
    // A credential this client proved valid before it went bad.
    expect(
      (await get(stack().url, '/credentialscheck', { ...credentialHeaders(), ...from(address) })).status,
    ).toBe(200)

    const statuses: number[] = []
    const lookups: number[] = []
    let throttled: Answer | null = null
    for (let i = 0; i < ATTEMPTS; i++) {
      const before = stack().proxy.accepted()
      const answer = await get(stack().url, '/credentialscheck', {
        ...credentialHeaders(randomCredential()),
        ...from(address),
      })
      lookups.push(stack().proxy.accepted() - before)
      statuses.push(answer.status)
      if (answer.status === 429) throttled ??= answer
    }
    // Every failure up to the limit was looked up and refused as PHP did; the next one is throttled.
    const firstThrottled = statuses.indexOf(429)
    const afterFirstFew = lookups.slice(firstThrottled)
    const counts = (list: number[]) =>
      Object.entries(Object.groupBy(list, String))
        .map(([value, all]) => `${all!.length} × ${value}`)
        .join(', ')
    await observe(stack(), {
      fault: `one client (one address) sends ${ATTEMPTS} random well-formed keys`,
      request: 'GET /credentialscheck, one after another',
      expected: `401 Invalid credentials (looked up) for the first ${FAILURES_ALLOWED} failures of the minute, then 429 Too many failed authentication attempts + Retry-After, no lookup: ≤ 0.1 lookups per failure after the first few`,
      saw: `${counts(statuses)}; first 429 at request ${firstThrottled + 1}: ${throttled ? describeAnswer(throttled) : '–'}; database connections per request after it: ${afterFirstFew.reduce((a, b) => a + b, 0)} / ${afterFirstFew.length}`,
      requestIds: throttled ? [throttled.requestId] : [],
    })
    expect(firstThrottled).toBe(FAILURES_ALLOWED)
    expect(statuses.slice(0, firstThrottled).every((s) => s === 401)).toBe(true)
    expect(statuses.slice(firstThrottled).every((s) => s === 429)).toBe(true)
    expect(throttled!.body).toBe(envelope('Too many failed authentication attempts'))
    const retryAfter = Number(throttled!.headers.get('Retry-After'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(60)

    expect(afterFirstFew.reduce((a, b) => a + b, 0) / afterFirstFew.length).toBeLessThanOrEqual(0.1)
    expect(afterFirstFew.every((n) => n === 0)).toBe(true)

    // The credential it proved valid still works from the same address; another client is not throttled.
    expect(
      (await get(stack().url, '/credentialscheck', { ...credentialHeaders(), ...from(address) })).status,
    ).toBe(200)
    expect(
      (
        await get(stack().url, '/credentialscheck', {
          ...credentialHeaders(randomCredential()),
          ...from('203.0.113.8'),
        })
      ).status,
    ).toBe(401)
  })

  it('refuses keys that cannot exist without any lookup and without counting them', async () => {
    const address = '203.0.113.9'
    const before = stack().proxy.accepted()
    for (let i = 0; i < FAILURES_ALLOWED + 5; i++) {
      const answer = await get(stack().url, '/credentialscheck', {
        ...credentialHeaders({ integrationKey: 'x'.repeat(65), apiKey: 'key with spaces' }),
        ...from(address),
      })
      expect(answer.status).toBe(401)
      expect(answer.body).toBe(envelope('Invalid credentials'))
    }
    expect(stack().proxy.accepted() - before).toBe(0)
  })
})
