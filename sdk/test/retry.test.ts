// The retry middleware, through a client: which statuses it retries, how long it waits (the
// waits are recorded by an injected sleep, never timed), and where it stops.
import { describe, expect, it } from 'vitest'
import { createClient } from '../src/client.ts'
import { ApiError } from '../src/errors.ts'
import type { RetryOptions } from '../src/retry.ts'
import { recorded, responseOf } from './recorded.ts'

const ok = () => responseOf(recorded('credentialscheck-json'))
const limited = (retryAfter?: string) =>
  responseOf(recorded('ratelimit-rph3', 3), retryAfter === undefined ? {} : { 'Retry-After': retryAfter })
const status = (code: number) =>
  new Response('{"status":false,"error":"x"}', {
    status: code,
    headers: { 'Content-Type': 'application/json' },
  })

/** A client whose fetch answers from `answers` in turn; waits are recorded, not slept. */
function scripted(answers: (() => Response)[], retry?: RetryOptions | boolean) {
  const waits: number[] = []
  let calls = 0
  const options = typeof retry === 'object' ? retry : {}
  const api = createClient({
    integrationKey: 'i',
    apiKey: 'k',
    baseUrl: 'http://api.test',
    fetch: async () => {
      const answer = answers[Math.min(calls, answers.length - 1)]!
      calls++
      return answer()
    },
    retry:
      retry === undefined || retry === false
        ? retry
        : { ...options, sleep: async (ms: number) => void waits.push(ms) },
  })
  return { api, waits, calls: () => calls }
}

describe('retry', () => {
  it('is off by default: a 429 rejects at once', async () => {
    const { api, calls } = scripted([() => limited('1'), ok])
    await expect(api.credentialsCheck()).rejects.toMatchObject({ status: 429, rateLimit: { retryAfter: 1 } })
    expect(calls()).toBe(1)
  })

  it('asks again after the Retry-After of a 429, and returns the answer that followed', async () => {
    const { api, waits, calls } = scripted([() => limited('1'), ok], true)
    expect(await api.credentialsCheck()).toEqual({ status: true })
    expect(waits).toEqual([1000])
    expect(calls()).toBe(2)
  })

  it('retries a 503 without Retry-After after a doubling fallback delay', async () => {
    const { api, waits } = scripted([() => status(503), () => status(503), ok], { maxRetries: 3 })
    expect(await api.credentialsCheck()).toEqual({ status: true })
    expect(waits).toEqual([1000, 2000])
  })

  it('never retries another status', async () => {
    for (const code of [400, 401, 404, 410, 500, 502, 504]) {
      const { api, calls } = scripted([() => status(code), ok], true)
      await expect(api.credentialsCheck()).rejects.toBeInstanceOf(ApiError)
      expect(calls(), String(code)).toBe(1)
    }
  })

  it('stops after maxRetries and rejects with the last 429', async () => {
    const { api, waits, calls } = scripted([() => limited('0')], { maxRetries: 2 })
    await expect(api.credentialsCheck()).rejects.toMatchObject({ status: 429 })
    expect(calls()).toBe(3)
    expect(waits).toEqual([0, 0])
  })

  it('does not start a wait that would pass maxWaitMs (the API’s “top of the hour” 429)', async () => {
    const { api, waits, calls } = scripted([() => limited('3300'), ok], { maxWaitMs: 30_000 })
    await expect(api.credentialsCheck()).rejects.toMatchObject({
      status: 429,
      rateLimit: { retryAfter: 3300 },
    })
    expect(waits).toEqual([])
    expect(calls()).toBe(1)
  })

  it('counts the total wait over all retries of one call', async () => {
    const { api, waits } = scripted([() => limited('10')], { maxRetries: 5, maxWaitMs: 25_000 })
    await expect(api.credentialsCheck()).rejects.toMatchObject({ status: 429 })
    expect(waits).toEqual([10_000, 10_000])
  })

  it('rejects bad options when the client is made', () => {
    expect(() => scripted([ok], { maxRetries: -1 })).toThrow(RangeError)
    expect(() => scripted([ok], { maxWaitMs: Number.NaN })).toThrow(RangeError)
  })

  it('gives up the wait when the request is aborted', async () => {
    const controller = new AbortController()
    const api = createClient({
      integrationKey: 'i',
      apiKey: 'k',
      baseUrl: 'http://api.test',
      fetch: async () => limited('1'),
      retry: true,
    })
    const call = api.raw.GET('/credentialscheck', { signal: controller.signal })
    controller.abort(new Error('stop'))
    await expect(call).rejects.toThrow('stop')
  })
})
