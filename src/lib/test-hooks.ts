// Test-only request hooks for the test suite and the parity harness:
//   X-Test-Now: <ISO 8601>          pins the request's clock (date defaults, expiry, rate window)
//   X-Test-Rate-Namespace: <token>  gives the request fresh rate-limit counters (one per fixture)
// They work only when TEST_HOOKS = "1" AND the Worker runs locally
// (ENVIRONMENT local or test). Deployed environments (dev, stg, prd) ignore
// them even if someone sets the variable, so no client can move the clock or
// escape its limit in production.
import type { Env } from '../env.ts'

export const TEST_NOW_HEADER = 'X-Test-Now'
export const TEST_RATE_NAMESPACE_HEADER = 'X-Test-Rate-Namespace'

export function testHooksEnabled(env: Pick<Env, 'TEST_HOOKS' | 'ENVIRONMENT'>): boolean {
  return env.TEST_HOOKS === '1' && (env.ENVIRONMENT === 'local' || env.ENVIRONMENT === 'test')
}

/** The pinned "now", when the hooks are on and the header holds a valid instant. */
export function pinnedNow(env: Pick<Env, 'TEST_HOOKS' | 'ENVIRONMENT'>, headers: Headers): Date | null {
  if (!testHooksEnabled(env)) return null
  const raw = headers.get(TEST_NOW_HEADER)
  if (!raw) return null
  const at = new Date(raw)
  return Number.isNaN(at.getTime()) ? null : at
}

/** Extra rate-limit key material, when the hooks are on. */
export function rateNamespace(env: Pick<Env, 'TEST_HOOKS' | 'ENVIRONMENT'>, headers: Headers): string {
  if (!testHooksEnabled(env)) return ''
  return headers.get(TEST_RATE_NAMESPACE_HEADER) ?? ''
}
