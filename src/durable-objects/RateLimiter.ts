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
// The RPC shape must stay compatible both ways across two adjacent versions
// (gradual deployments pin a DO to one version): add fields, never rename.
import { DurableObject } from 'cloudflare:workers'
import { keyHashForLog } from '../../services/auth-helper/src/credential-hash.ts'
import type { Env } from '../env.ts'
import { clockHour, wallClockMs } from '../lib/clock.ts'
import { createLogger, type Logger } from '../lib/logger.ts'

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

interface Window {
  /** Top of the hour, caller's clock. */
  startMs: number
  count: number
  /** When the window ends on the real clock (the caller's clock may be pinned by tests). */
  endsAtRealMs: number
}

const WINDOW_KEY = 'window'
/** An alarm this early (or later) still clears: alarms are not exact to the millisecond. */
const ALARM_TOLERANCE_MS = 1_000

export class RateLimiter extends DurableObject<Env> {
  private window: Window | null = null
  private readonly log: Logger

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env)
    this.log = createLogger({ component: 'RateLimiter', class_name: 'RateLimiter', do_id: ctx.id.toString() })
    void ctx.blockConcurrencyWhile(async () => {
      this.window = (await ctx.storage.get<Window>(WINDOW_KEY)) ?? null
    })
  }

  /** Counts one request of `key` (a credential hash) at the caller's instant `nowMs`, against `rph`. */
  async check(key: string, rph: number, nowMs: number): Promise<RateCheck> {
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

    const resetMs = window.startMs + 3_600_000
    const allowed = window.count <= rph
    const result: RateCheck = {
      allowed,
      limit: rph,
      remaining: Math.max(0, rph - window.count),
      resetMs,
      count: window.count,
    }

    await this.ctx.storage.put(WINDOW_KEY, window)
    if (fresh) await this.ctx.storage.setAlarm(window.endsAtRealMs)
    this.log.info('ratelimit.check', {
      key_hash: keyHashForLog(key),
      count_after: window.count,
      limit: rph,
      outcome: allowed ? 'allowed' : 'throttled',
    })
    return result
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
    this.log.info('ratelimit.window.cleared', { window_start: new Date(window.startMs).toISOString() })
  }
}
