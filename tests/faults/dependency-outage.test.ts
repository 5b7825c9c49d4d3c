// The auth helper and the rate limiter's Durable Object fail (the fault
// entry's X-Test-Fault hook breaks the binding for one request), and the
// client sees a documented answer: 503 with Retry-After for a credential the
// isolate has not verified, the cached verdict for one it has, and a limiter
// that keeps limiting — 429 past the budget, every fallback decision logged.
import { describe, expect, it } from 'vitest'
import { ACCOUNT2, DEMO_CREDENTIALS, RPH3 } from '../../scripts/db/demo-credentials.ts'
import { credentialHeaders, envelope, freshCounter, get, type Answer } from '../../scripts/faults/client.ts'
import { describeAnswer } from '../../scripts/faults/observations.ts'
import { observe, useFaultStack } from './support/suite.ts'

const stack = useFaultStack({ suite: 'dependency' })

const fault = (...faults: string[]) => ({ 'X-Test-Fault': faults.join(',') })
const api = (path: string, headers: Record<string, string>) => get(stack().url, path, headers)

const requestLine = (requestId: string) =>
  stack().logs.waitFor(
    (line) => line.event === 'request' && line.request_id === requestId,
    10_000,
    `"request" for ${requestId}`,
  )

const statusesOf = (answers: Answer[]) =>
  answers
    .map((a) => `${a.status} (X-RateLimit-Remaining: ${a.headers.get('X-RateLimit-Remaining') ?? '–'})`)
    .join(', ')

describe('the auth helper down', () => {
  for (const broken of ['auth-down', 'auth-hang']) {
    it(`${broken}: answers a credential the isolate has not verified 503 with Retry-After, not 401, uncounted`, async () => {
      const answer = await api('/credentialscheck', {
        ...credentialHeaders(ACCOUNT2),
        ...freshCounter(),
        ...fault(broken),
      })
      await observe(stack(), {
        fault:
          broken === 'auth-down'
            ? 'auth helper down (verify() rejects)'
            : 'auth helper hanging (verify() never answers)',
        request: 'GET /credentialscheck, a credential this isolate has not verified',
        expected: '503 + Retry-After: 30, never 401; not counted',
        saw: describeAnswer(answer),
        requestIds: [answer.requestId],
      })
      expect(answer.status).toBe(503)
      expect(answer.body).toBe(envelope('Service temporarily unavailable'))
      expect(answer.headers.get('Retry-After')).toBe('30')
      expect(answer.headers.get('X-RateLimit-Remaining')).toBeNull()
      const line = await requestLine(answer.requestId)
      expect(line).toMatchObject({ status: 503, auth_source: 'none', ratelimit_source: 'none' })
      expect(stack().logs.events('auth.helper.unavailable', answer.requestId)).toHaveLength(1)
    })
  }

  it('keeps serving a credential this isolate verified while its verdict is fresh', async () => {
    const counter = freshCounter()
    const warm = await api('/credentialscheck', { ...credentialHeaders(), ...counter })
    expect(warm.status).toBe(200)
    const during = await api('/advertisers', { ...credentialHeaders(), ...counter, ...fault('auth-down') })
    await observe(stack(), {
      fault: 'auth helper down (verify() rejects)',
      request: 'GET /advertisers, a credential this isolate verified a moment before',
      expected: "200 from the isolate's cached verdict (kept ≤ 60 s and never past the helper's KV entry)",
      saw: describeAnswer({ ...during, body: `${during.body.length} bytes` }),
      requestIds: [during.requestId],
    })
    expect(during.status).toBe(200)
    expect(during.headers.get('X-RateLimit-Remaining')).toBe('198')
    expect(await requestLine(during.requestId)).toMatchObject({ status: 200, auth_source: 'isolate' })
    expect(stack().logs.events('auth.helper.unavailable', during.requestId)).toHaveLength(0)
  })

  it('answers 503, not 401, for another key of a verified integration key (the cache holds pairs)', async () => {
    await api('/credentialscheck', credentialHeaders())
    const answer = await api('/credentialscheck', {
      ...credentialHeaders({ integrationKey: DEMO_CREDENTIALS.integrationKey, apiKey: 'ak_not_the_key' }),
      ...fault('auth-down'),
    })
    expect(answer.status).toBe(503)
  })
})

describe('the rate limiter down or slow', () => {
  for (const broken of ['rate-limiter-down', 'rate-limiter-slow']) {
    it(`${broken}: the isolate counts instead, 429 past rph, every decision logged`, async () => {
      const counter = freshCounter()
      const answers: Answer[] = []
      for (let i = 0; i < 5; i++) {
        answers.push(
          await api('/credentialscheck', {
            ...credentialHeaders(RPH3),
            ...counter,
            ...fault(broken),
          }),
        )
      }
      await observe(stack(), {
        fault:
          broken === 'rate-limiter-down'
            ? 'RateLimiter Durable Object down (every call rejects)'
            : 'RateLimiter Durable Object slow (answers after 3 s; the API waits 1 s)',
        request: '5 × GET /credentialscheck, a credential with rph 3, fresh counter',
        expected:
          '200, 200, 200, then 429 Rate limit exceeded: 3 requests per hour (+ Retry-After); ratelimit.fallback logged per decision',
        saw: `${statusesOf(answers)}; 4th: ${describeAnswer(answers[3]!)}`,
        requestIds: [answers[0]!.requestId, answers[3]!.requestId],
      })
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429, 429])
      expect(answers.map((a) => a.headers.get('X-RateLimit-Remaining'))).toEqual(['2', '1', '0', '0', '0'])
      expect(answers[3]!.body).toBe(envelope('Rate limit exceeded: 3 requests per hour'))
      expect(Number(answers[3]!.headers.get('Retry-After'))).toBeGreaterThan(0)
      for (const [i, answer] of answers.entries()) {
        const decisions = stack().logs.events('ratelimit.fallback', answer.requestId)
        expect(decisions).toHaveLength(1)
        expect(decisions[0]).toMatchObject({
          level: 'warn',
          count: i + 1,
          limit: 3,
          outcome: i < 3 ? 'allowed' : 'throttled',
        })
        expect(await requestLine(answer.requestId)).toMatchObject({
          ratelimit_source: 'fallback',
          ratelimit_count: i + 1,
        })
      }
    })
  }

  it('counts on from what the Durable Object last said when it goes down mid-hour', async () => {
    const counter = freshCounter()
    const headers = { ...credentialHeaders(RPH3), ...counter }
    const healthy = [await api('/credentialscheck', headers), await api('/credentialscheck', headers)]
    expect(healthy.map((a) => a.headers.get('X-RateLimit-Remaining'))).toEqual(['2', '1'])
    const down = [
      await api('/credentialscheck', { ...headers, ...fault('rate-limiter-down') }),
      await api('/credentialscheck', { ...headers, ...fault('rate-limiter-down') }),
    ]
    await observe(stack(), {
      fault: 'RateLimiter Durable Object goes down mid-hour',
      request: 'GET /credentialscheck (rph 3): 2 counted by the object, then 2 while it is down',
      expected: "the isolate counts on from the object's last count: 200, then 429",
      saw: statusesOf([...healthy, ...down]),
      requestIds: [down[1]!.requestId],
    })
    expect(down.map((a) => a.status)).toEqual([200, 429])
    expect(stack().logs.events('ratelimit.fallback', down[1]!.requestId)[0]).toMatchObject({
      count: 4,
      outcome: 'throttled',
    })
  })

  it('gives a request back to the fallback count when the database is down too (503, uncounted)', async () => {
    const counter = freshCounter()
    const headers = { ...credentialHeaders(RPH3), ...counter, ...fault('rate-limiter-down') }
    expect((await api('/credentialscheck', headers)).headers.get('X-RateLimit-Remaining')).toBe('2')
    await stack().proxy.stop()
    let outage: Answer
    try {
      outage = await api('/advertisers', headers)
    } finally {
      await stack().proxy.start()
    }
    const after = await api('/credentialscheck', headers)
    await observe(stack(), {
      fault: 'RateLimiter Durable Object down and the database stopped',
      request: 'GET /credentialscheck, GET /advertisers (database stopped), GET /credentialscheck (rph 3)',
      expected: "503 + Retry-After: 30, given back to the isolate's count: the next request is the 2nd",
      saw: `${describeAnswer(outage)} | next: ${describeAnswer(after)}`,
      requestIds: [outage.requestId, after.requestId],
    })
    expect(outage.status).toBe(503)
    expect(outage.headers.get('Retry-After')).toBe('30')
    expect(after.headers.get('X-RateLimit-Remaining')).toBe('1')
    expect(stack().logs.events('ratelimit.fallback', after.requestId)[0]).toMatchObject({ count: 2 })
  })
})
