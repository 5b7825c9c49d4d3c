import { DurableObject } from 'cloudflare:workers'
import type { Env } from '../env.ts'

/** Placeholder until the rate-limiter lands (issue 3). */
export class RateLimiter extends DurableObject<Env> {
  async check(_key: string, rph: number, _nowMs: number): Promise<{ allowed: boolean; limit: number; remaining: number; resetMs: number }> {
    return { allowed: true, limit: rph, remaining: rph, resetMs: 0 }
  }
}
