// One Durable Object per credential (and test namespace): the request counter
// of the current UTC clock hour. The count lives in memory and in storage;
// every check mutates it synchronously before any await, so concurrent
// requests are serialised and the count is exact.
//
// The window follows the CALLER's clock (the API passes its request instant,
// which tests and the parity harness may pin): a request in a later hour
// starts a new window (lazy reset, correct even if an alarm never ran). The
// alarm only frees storage once the window is over in real time; it is
// idempotent, and an early or stale run re-arms instead of clearing.
//
// The count is exact in memory; storage is written behind, at most once per
// FLUSH_MS, instead of once per request (a durable write per request was the
// largest cost of a cheap request). What a crash of the object can lose is
// the last second of counts: within the plan's "counters are ephemeral".
//
// The check's outcome is logged by the API on its request line (count,
// limit, source); the object itself logs only what the API cannot see.
//
// The RPC shape must stay compatible both ways across two adjacent versions
// (gradual deployments pin a DO to one version): add fields, never rename.
import { DurableObject } from 'cloudflare:workers'
import { createLogger } from '@adventive/worker-kit/logger'
import type { Env } from '../env.ts'
import type { RateCheck, RateLimiterRpc } from './rate-limiter-contract.ts'
import { clockHour, wallClockMs } from '../platform/clock.ts'

interface Window {
  /** Top of the hour, caller's clock. */
  startMs: number
  count: number
  /** When the window ends on the real clock (the caller's clock may be pinned by tests). */
  endsAtRealMs: number
}

const WINDOW_KEY = 'window'
/** Longest a count stays in memory only. */
const FLUSH_MS = 1_000
/** An alarm this early (or later) still clears: alarms are not exact to the millisecond. */
const ALARM_TOLERANCE_MS = 1_000

export class RateLimiter extends DurableObject<Env> implements RateLimiterRpc {
  private window: Window | null = null
  private flushPending = false

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env)
    void ctx.blockConcurrencyWhile(async () => {
      this.window = (await ctx.storage.get<Window>(WINDOW_KEY)) ?? null
    })
  }

  /** Counts one request of `key` (a credential hash) at the caller's instant `nowMs`, against `rph`. */
  async check(key: string, rph: number, nowMs: number): Promise<RateCheck> {
    void key
    const { startMs, endMs } = clockHour(new Date(nowMs))
    let window = this.window
    const fresh = !window || startMs > window.startMs
    // A request from an earlier hour than the stored window (clock skew
    // between callers around the top of the hour) counts in the current one.
    if (!window || fresh) {
      // The alarm runs on the real clock, so it is armed for the time
      // remaining in the caller's window.
      window = { startMs, count: 0, endsAtRealMs: wallClockMs() + (endMs - nowMs) }
    }
    window.count += 1
    this.window = window

    this.scheduleFlush()
    if (fresh) void this.ctx.storage.setAlarm(window.endsAtRealMs)
    return {
      allowed: window.count <= rph,
      limit: rph,
      remaining: Math.max(0, rph - window.count),
      resetMs: window.startMs + 3_600_000,
      count: window.count,
    }
  }

  /**
   * Gives back one request counted at the caller's instant `nowMs`, when the
   * request then failed on a dependency outage (503/504): an outage must not
   * spend the caller's hourly budget. A window that has moved on is left alone.
   */
  async refund(key: string, nowMs: number): Promise<void> {
    void key
    const window = this.window
    if (!window || window.count === 0 || clockHour(new Date(nowMs)).startMs !== window.startMs) return
    window.count -= 1
    this.scheduleFlush()
  }

  /** Writes the window to storage within FLUSH_MS, once for however many requests came in between. */
  private scheduleFlush(): void {
    if (this.flushPending) return
    this.flushPending = true
    setTimeout(() => {
      this.flushPending = false
      if (this.window) void this.ctx.storage.put(WINDOW_KEY, this.window)
    }, FLUSH_MS)
  }

  /** Frees the storage of a finished window. Safe to run twice, or late. */
  override async alarm(): Promise<void> {
    const window = this.window
    if (!window) return
    if (wallClockMs() + ALARM_TOLERANCE_MS < window.endsAtRealMs) {
      await this.ctx.storage.setAlarm(window.endsAtRealMs)
      return
    }
    this.window = null
    await this.ctx.storage.deleteAll()
    createLogger({ component: 'RateLimiter', do_id: this.ctx.id.toString() }).info(
      'ratelimit.window.cleared',
      {
        window_start: new Date(window.startMs).toISOString(),
      },
    )
  }
}
