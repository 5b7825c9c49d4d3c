// Legacy step 3: requests per hour per credential, in the UTC clock hour of
// the request's instant. The RateLimiter Durable Object counts exactly. When
// it is unavailable or slow, this isolate keeps limiting on its own: it
// counts on from the last count the object told it (or from zero) and
// admits no more than what is left of the limit — across isolates that can
// admit a little more than rph, never unlimited — and it logs every such
// decision (decisions/2026-11-27-rate-limit-fallback.md).
import { keyHashForLog } from '@adventive/worker-kit/credential-hash'
import { errorMessage, type Logger } from '@adventive/worker-kit/logger'
import type { RateCheck } from '../durable-objects/rate-limiter-contract.ts'
import { LegacyError, rateLimitMessage } from '../domain/legacy-error.ts'
import type { Env } from '../env.ts'
import { setNewest } from '../platform/bounded-map.ts'
import { clockHour } from '../platform/clock.ts'
import { withTimeout } from '../platform/timeout.ts'
import type { AuthContext } from './auth.ts'

/** How long the Durable Object may take before this isolate counts instead. */
export const RATE_LIMITER_TIMEOUT_MS = 1_000
/** Credentials whose counts an isolate remembers for the fallback; the oldest go first. */
const MAX_REMEMBERED = 5_000

/** The Durable Object (and fallback) name of a credential's counter. */
export function counterName(credentialHash: string, namespace: string): string {
  return namespace === '' ? credentialHash : `${credentialHash}:${namespace}`
}

export interface RateState {
  limit: number
  remaining: number
  /** Epoch ms of the next top of the hour. */
  resetMs: number
  /** This request's number in the window. */
  count: number
  /** 'do' when the Durable Object counted, 'fallback' when this isolate did. */
  source: 'do' | 'fallback'
}

interface Remembered {
  windowStartMs: number
  count: number
}

/** Per-isolate memory of the latest count per counter: what the fallback counts on from. */
export class FallbackCounts {
  private readonly counts = new Map<string, Remembered>()

  /** Records what the Durable Object said. */
  remember(name: string, windowStartMs: number, count: number): void {
    const known = this.counts.get(name)
    if (known && known.windowStartMs === windowStartMs && known.count >= count) return
    this.set(name, { windowStartMs, count })
  }

  /** Counts one request here; the count in the window after it. */
  increment(name: string, windowStartMs: number): number {
    const known = this.counts.get(name)
    const count = known && known.windowStartMs === windowStartMs ? known.count + 1 : 1
    this.set(name, { windowStartMs, count })
    return count
  }

  /** Gives back one request counted here (its answer was a dependency outage). */
  decrement(name: string, windowStartMs: number): void {
    const known = this.counts.get(name)
    if (known && known.windowStartMs === windowStartMs && known.count > 0) known.count -= 1
  }

  private set(name: string, value: Remembered): void {
    setNewest(this.counts, name, value, MAX_REMEMBERED)
  }
}

export interface CountInput {
  auth: AuthContext
  now: Date
  /** Extra key material (test namespaces only; '' in production). */
  namespace: string
  log: Logger
}

/** The Durable Object that counts under `name`. */
const limiterOf = (env: Pick<Env, 'RATE_LIMITER'>, name: string) =>
  env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(name))

function askDurableObject(
  env: Pick<Env, 'RATE_LIMITER'>,
  name: string,
  input: CountInput,
): Promise<RateCheck> {
  return withTimeout(
    limiterOf(env, name).check(
      input.auth.credentialHash,
      input.auth.rph,
      input.now.getTime(),
    ) as Promise<RateCheck>,
    RATE_LIMITER_TIMEOUT_MS,
    () => new Error(`RateLimiter did not answer within ${RATE_LIMITER_TIMEOUT_MS} ms`),
  )
}

/** Counts this request against the credential's hourly limit (the caller decides what an exceeded limit answers). */
export async function countRequest(
  env: Pick<Env, 'RATE_LIMITER'>,
  fallback: FallbackCounts,
  input: CountInput,
): Promise<RateState> {
  const { auth, now } = input
  const { startMs, endMs } = clockHour(now)
  const name = counterName(auth.credentialHash, input.namespace)
  try {
    const check = await askDurableObject(env, name, input)
    fallback.remember(name, startMs, check.count)
    return {
      limit: check.limit,
      remaining: check.remaining,
      resetMs: check.resetMs,
      count: check.count,
      source: 'do',
    }
  } catch (err) {
    const count = fallback.increment(name, startMs)
    input.log.warn('ratelimit.fallback', {
      key_hash: keyHashForLog(auth.credentialHash),
      count,
      limit: auth.rph,
      outcome: count <= auth.rph ? 'allowed' : 'throttled',
      error: errorMessage(err),
    })
    return {
      limit: auth.rph,
      remaining: Math.max(0, auth.rph - count),
      resetMs: endMs,
      count,
      source: 'fallback',
    }
  }
}

/** The legacy 429 from request rph + 1 on, with the X-RateLimit-* headers and Retry-After. */
export function rateLimitExceeded(state: RateState, now: Date): LegacyError {
  const retryAfter = Math.max(1, Math.ceil((state.resetMs - now.getTime()) / 1000))
  return new LegacyError(429, rateLimitMessage(state.limit), {
    headers: { ...rateLimitHeaders(state), 'Retry-After': String(retryAfter) },
  })
}

/** Gives the request back to the Durable Object (a dependency outage answered it). Best effort. */
export async function refundRequest(
  env: Pick<Env, 'RATE_LIMITER'>,
  name: string,
  input: Pick<CountInput, 'auth' | 'now'>,
): Promise<void> {
  await withTimeout(
    limiterOf(env, name).refund(input.auth.credentialHash, input.now.getTime()) as Promise<void>,
    RATE_LIMITER_TIMEOUT_MS,
    () => new Error('RateLimiter refund timed out'),
  )
}

export function rateLimitHeaders(
  state: Pick<RateState, 'limit' | 'remaining' | 'resetMs'>,
): Record<string, string> {
  return {
    'X-RateLimit-Limit': String(state.limit),
    'X-RateLimit-Remaining': String(state.remaining),
    'X-RateLimit-Reset': String(state.resetMs / 1000),
  }
}
