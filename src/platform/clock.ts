// The one clock. Nothing in src/ reads Date.now() or new Date() for "now"
// directly: the request's instant is taken once, at the entry (app.ts), so
// every rule of one request (date defaults, key expiry, rate window) sees the
// same instant — and a test entry can pin it (tests/support/test-entry.ts)
// without the production bundle knowing how.

/** The instant of a request that nothing pins: the real clock. */
export function realNow(): Date {
  return new Date()
}

/**
 * The real wall clock in epoch ms, for scheduling, cache freshness and
 * throttling only (a Durable Object
 * alarm fires on real time) — never for a request's "now".
 */
export function wallClockMs(): number {
  return Date.now()
}

/** Milliseconds elapsed, for latency measurements (never for "now"). */
export function monotonicMs(): number {
  return performance.now()
}

/** Start of the UTC clock hour containing the instant, and the next one. */
export function clockHour(at: Date): { startMs: number; endMs: number } {
  const startMs = Math.floor(at.getTime() / 3_600_000) * 3_600_000
  return { startMs, endMs: startMs + 3_600_000 }
}
