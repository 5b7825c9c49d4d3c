// What the API asks of the RateLimiter Durable Object, apart from the class:
// the binding is typed by this interface (src/env.ts), so the bindings' types
// do not import the class that imports them back.

export interface RateCheck {
  allowed: boolean
  limit: number
  /** Requests left in the window after this one (0 when throttled). */
  remaining: number
  /** Epoch ms of the next top of the hour (caller's clock): when the window resets. */
  resetMs: number
  /** This request's number in the window (throttled requests count too). */
  count: number
}

export interface RateLimiterRpc {
  /** Counts one request of `key` in the clock hour of `nowMs` against `rph`. */
  check(key: string, rph: number, nowMs: number): Promise<RateCheck>
  /** Gives back one request of `key` counted in the clock hour of `nowMs`. */
  refund(key: string, nowMs: number): Promise<void>
}
