// The one place where a failure of a dependency becomes an answer: the
// Worker's documented deviations 503 (database, auth helper or limiter
// unreachable) and 504 (the request's database deadline passed). Both say
// when to come back, and neither costs the caller a request of its hourly
// budget (pipeline/serve-legacy.ts gives the count back).
import { DatabaseTimeoutError, DatabaseUnavailableError } from '@adventive/worker-kit/db'
import { DeviationMessage, LegacyError } from '../domain/legacy-error.ts'

/** How long a client should wait after an outage answer before trying again. */
export const RETRY_AFTER_OUTAGE_S = 30

const retryAfter = { 'Retry-After': String(RETRY_AFTER_OUTAGE_S) }

export function unavailable(cause?: unknown): LegacyError {
  return new LegacyError(503, DeviationMessage.unavailable, { headers: retryAfter, cause })
}

export function upstreamTimeout(cause?: unknown): LegacyError {
  return new LegacyError(504, DeviationMessage.upstreamTimeout, { headers: retryAfter, cause })
}

/**
 * What an error thrown while serving a request answers: a LegacyError as it
 * is, a database outage as 503/504, anything else (a bug, an unexpected
 * rejection) as 503 — a client never sees a stack trace or a bare 500.
 */
export function asLegacyError(err: unknown): { error: LegacyError; unexpected: boolean } {
  if (err instanceof LegacyError) return { error: err, unexpected: false }
  if (err instanceof DatabaseTimeoutError) return { error: upstreamTimeout(err), unexpected: false }
  if (err instanceof DatabaseUnavailableError) return { error: unavailable(err), unexpected: false }
  return { error: unavailable(err), unexpected: true }
}

/** Whether an answer is a dependency outage (its request is not counted against the hourly limit). */
export const isOutageStatus = (status: number) => status === 503 || status === 504
