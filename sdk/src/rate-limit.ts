// The hourly limit as the API reports it in response headers.

export interface RateLimitState {
  /** `X-RateLimit-Limit`: requests allowed per clock hour (UTC) for this credential. */
  limit: number | null
  /** `X-RateLimit-Remaining`: requests left in the current hour. */
  remaining: number | null
  /** `X-RateLimit-Reset`: when the hour ends, in seconds since the Unix epoch. */
  reset: number | null
  /** `Retry-After` (on 429): seconds to wait before trying again. */
  retryAfter: number | null
}

const integer = (value: string | null): number | null => {
  if (value === null || !/^\s*\d+\s*$/.test(value)) return null
  return Number(value)
}

/** Seconds to wait from a `Retry-After` value: delay-seconds, or an HTTP date (then from `now`). */
export function retryAfterSeconds(value: string | null, now: number = Date.now()): number | null {
  const seconds = integer(value)
  if (seconds !== null || value === null) return seconds
  const date = Date.parse(value)
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - now) / 1000))
}

/** The rate-limit state of a response; a header the response does not carry is null. */
export function readRateLimit(headers: Headers): RateLimitState {
  return {
    limit: integer(headers.get('X-RateLimit-Limit')),
    remaining: integer(headers.get('X-RateLimit-Remaining')),
    reset: integer(headers.get('X-RateLimit-Reset')),
    retryAfter: retryAfterSeconds(headers.get('Retry-After')),
  }
}
