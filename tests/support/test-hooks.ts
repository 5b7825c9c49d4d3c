// The test hooks of tests/support/test-entry.ts (an entry module may export
// only handlers, so they live here). On only when TEST_HOOKS = "1" and the
// Worker runs locally (ENVIRONMENT local or test).
import type { AppOptions } from '../../src/app.ts'
import type { Env } from '../../src/env.ts'

export const TEST_NOW_HEADER = 'X-Test-Now'
export const TEST_RATE_NAMESPACE_HEADER = 'X-Test-Rate-Namespace'

export type HookEnv = Pick<Env, 'ENVIRONMENT'> & { TEST_HOOKS?: string }

export function testHooksEnabled(env: HookEnv): boolean {
  return env.TEST_HOOKS === '1' && (env.ENVIRONMENT === 'local' || env.ENVIRONMENT === 'test')
}

/** The pinned "now", when the hooks are on and the header holds a valid instant. */
export function pinnedNow(headers: Headers, env: HookEnv): Date | null {
  if (!testHooksEnabled(env)) return null
  const raw = headers.get(TEST_NOW_HEADER)
  if (!raw) return null
  const at = new Date(raw)
  return Number.isNaN(at.getTime()) ? null : at
}

/** Extra rate-limit key material, when the hooks are on. */
export function rateNamespace(headers: Headers, env: HookEnv): string {
  return testHooksEnabled(env) ? (headers.get(TEST_RATE_NAMESPACE_HEADER) ?? '') : ''
}

/** The app factory options of the test entry (tests that build an app of their own use them too). */
export const testAppOptions: AppOptions = {
  pinnedNow: (request, env) => pinnedNow(request.headers, env as HookEnv),
  rateNamespace: (request, env) => rateNamespace(request.headers, env as HookEnv),
}
