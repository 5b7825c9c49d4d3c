// Failed authentication is the cheapest request to send and, uncached, the
// most expensive to answer (an RPC to the auth helper, a KV read, a database
// lookup). A client address that keeps failing is throttled at the edge: the
// Workers rate-limiting binding counts failures per address across the
// location, and once it says "over", this isolate refuses that address's
// unknown credentials with 429 + Retry-After before any lookup, until the
// period ends. A legitimate caller never meets it: it would have to fail
// authentication 10 times a minute (the binding's limit is 9: the call it
// refuses is the 10th; decisions/2026-12-02-failed-auth-throttle.md).

import { setNewest } from '../platform/bounded-map.ts'

/** The binding's period (wrangler.toml [[ratelimits]] simple.period): how long an address stays throttled. */
export const FAILED_AUTH_PERIOD_MS = 60_000
/** Addresses remembered per isolate; the oldest go first. */
const MAX_BLOCKED = 10_000

/** What the rate-limiting binding offers (workers-types RateLimit). */
export interface FailureCounter {
  limit(options: { key: string }): Promise<{ success: boolean }>
}

export class FailedAuthThrottle {
  private readonly blockedUntil = new Map<string, number>()

  /** Milliseconds the address stays throttled, 0 when it is not. */
  throttledForMs(address: string, realNowMs: number): number {
    const until = this.blockedUntil.get(address)
    if (until === undefined) return 0
    if (until <= realNowMs) {
      this.blockedUntil.delete(address)
      return 0
    }
    return until - realNowMs
  }

  /** Counts one failure of `address`; throttles it here when the location-wide count is over the limit. */
  async recordFailure(
    counter: FailureCounter | undefined,
    address: string,
    realNowMs: number,
  ): Promise<boolean> {
    if (!counter) return false
    const { success } = await counter.limit({ key: address })
    if (success) return false
    setNewest(this.blockedUntil, address, realNowMs + FAILED_AUTH_PERIOD_MS, MAX_BLOCKED)
    return true
  }
}
