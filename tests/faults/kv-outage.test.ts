// The auth helper's KV cache is the only KV the stack still uses (the rate
// limiter's RATE_LIMIT_KV is gone). With it down, verification falls through
// to the database: valid keys are served, invalid ones refused with the
// legacy 401, and only a database that is down too turns into a 503.
import { describe, expect, it } from 'vitest'
import { ACCOUNT2 } from '../../scripts/db/demo-credentials.ts'
import { credentialHeaders, envelope, freshCounter, get, type Answer } from '../../scripts/faults/client.ts'
import { describeAnswer } from '../../scripts/faults/observations.ts'
import { observe, useFaultStack } from './support/suite.ts'

const stack = useFaultStack({ suite: 'kv', helperEntry: 'tests/faults/worker/helper-kv-down-entry.ts' })

const api = (path: string, headers: Record<string, string>) => get(stack().url, path, headers)

/** The helper's lines for one verification have no request id: they are told apart by key hash order. */
const helperEvents = (event: string) =>
  stack()
    .logs.events(event)
    .filter((line) => line.service === 'adv-svc-auth-helper')

describe('the auth cache (KV) down', () => {
  it('serves a valid credential from a database lookup, and logs the cache errors', async () => {
    const errorsBefore = helperEvents('auth.cache.error').length
    const lookupsBefore = stack().proxy.accepted()
    const answer = await api('/credentialscheck', { ...credentialHeaders(), ...freshCounter() })
    const lookups = stack().proxy.accepted() - lookupsBefore
    const cacheErrors = await stack()
      .logs.waitFor(
        () => helperEvents('auth.cache.error').length >= errorsBefore + 2,
        10_000,
        'two auth.cache.error lines',
      )
      .then(
        () => helperEvents('auth.cache.error').length - errorsBefore,
        () => helperEvents('auth.cache.error').length - errorsBefore,
      )
    await observe(stack(), {
      fault: "auth cache (the helper's KV) down: every get and put rejects",
      request: 'GET /credentialscheck, valid credential not verified before',
      expected: '200: the helper falls through to one database lookup; the cache errors are logged (warn)',
      saw: `${describeAnswer(answer)}; ${lookups} database connection(s); helper: ${cacheErrors} × auth.cache.error`,
      requestIds: [answer.requestId],
    })
    expect(answer.status).toBe(200)
    expect(answer.body).toBe('{"status":true}')
    // One connection for the lookup; the read and the write of the cache entry both failed.
    expect(lookups).toBe(1)
    expect(cacheErrors).toBeGreaterThanOrEqual(2)
  })

  it('refuses an unknown credential with the legacy 401', async () => {
    const answer = await api('/credentialscheck', {
      ...credentialHeaders({ integrationKey: 'adv-int-nobody-0404', apiKey: 'ak_nobody_0000' }),
      'CF-Connecting-IP': '198.51.100.40',
    })
    await observe(stack(), {
      fault: "auth cache (the helper's KV) down",
      request: 'GET /credentialscheck, unknown credential',
      expected: '401 Invalid credentials, as PHP answered',
      saw: describeAnswer(answer),
      requestIds: [answer.requestId],
    })
    expect(answer.status).toBe(401)
    expect(answer.body).toBe(envelope('Invalid credentials'))
  })

  it('answers 503 with Retry-After when the database is down as well', async () => {
    await stack().proxy.stop()
    let answer: Answer
    try {
      answer = await api('/credentialscheck', {
        ...credentialHeaders(ACCOUNT2),
        ...freshCounter(),
      })
    } finally {
      await stack().proxy.start()
    }
    await observe(stack(), {
      fault: "auth cache (the helper's KV) down and the database stopped",
      request: 'GET /credentialscheck, valid credential not verified before',
      expected: '503 + Retry-After: 30 (undecidable), never 401',
      saw: describeAnswer(answer),
      requestIds: [answer.requestId],
    })
    expect(answer.status).toBe(503)
    expect(answer.body).toBe(envelope('Service temporarily unavailable'))
    expect(answer.headers.get('Retry-After')).toBe('30')
  })
})
