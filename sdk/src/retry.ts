// Opt-in retries: a 429 (hourly limit reached) or 503 (a dependency briefly down) is asked
// again after the wait the answer's `Retry-After` names. Bounded two ways: a number of
// retries, and a total wait — a wait that would go past it is not started, and the caller
// gets the 429/503 as an ApiError at once (the API's 429 says "at the top of the hour",
// which is usually more than anyone should sleep inside a request). No other status is
// ever retried, and only GET (all the API has) is.
import type { Middleware } from 'openapi-fetch'
import { retryAfterSeconds } from './rate-limit.ts'

export interface RetryOptions {
  /** Retries after the first attempt (default 2). */
  maxRetries?: number
  /** The most time spent waiting, over all retries of one call, in milliseconds (default 30 000). */
  maxWaitMs?: number
  /** The wait when an answer has no usable `Retry-After`, doubled on each retry (default 1 000 ms). */
  fallbackDelayMs?: number
  /** How to wait (default setTimeout); resolves early never, rejects when `signal` aborts. */
  sleep?: (ms: number, signal: AbortSignal | null) => Promise<void>
}

export const RETRIED_STATUSES: readonly number[] = [429, 503]

function nonNegative(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`retry.${name} must be a number ≥ 0, got ${value}`)
  return value
}

function defaultSleep(ms: number, signal: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}

/**
 * The retry middleware for an openapi-fetch client (createClient's `retry` option installs it;
 * it also works on any openapi-fetch client of this API).
 */
export function retryMiddleware(options: RetryOptions = {}): Middleware {
  const maxRetries = Math.floor(nonNegative('maxRetries', options.maxRetries, 2))
  const maxWaitMs = nonNegative('maxWaitMs', options.maxWaitMs, 30_000)
  const fallbackDelayMs = nonNegative('fallbackDelayMs', options.fallbackDelayMs, 1_000)
  const sleep = options.sleep ?? defaultSleep

  return {
    async onResponse({ request, response, options: client }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return undefined
      let current = response
      let waited = 0
      for (let retry = 0; retry < maxRetries && RETRIED_STATUSES.includes(current.status); retry++) {
        const named = retryAfterSeconds(current.headers.get('Retry-After'))
        const delay = named !== null ? named * 1000 : fallbackDelayMs * 2 ** retry
        if (waited + delay > maxWaitMs) break
        // The answer being replaced is not read: free its connection.
        await current.body?.cancel().catch(() => {})
        await sleep(delay, request.signal)
        waited += delay
        current = await client.fetch(request.clone())
      }
      return current === response ? undefined : current
    },
  }
}
