// The fault suite's request hook, X-Test-Fault (tests/faults/worker/fault-entry.ts): it breaks a
// binding for one request, the way an outage of the dependency would
// look from the Worker. The app (its credential cache, fallback counts and
// throttle) is the same for every request of the isolate, so a fault on one
// request meets the memory that earlier healthy requests left behind — which
// is what the cached-credential and fallback-limiter cases are about.
//
//   X-Test-Fault: auth-down          AUTH.verify() rejects (the service binding reaches nothing)
//   X-Test-Fault: auth-hang          AUTH.verify() never settles (the API's 5 s bound answers)
//   X-Test-Fault: rate-limiter-down  RATE_LIMITER stubs reject every call
//   X-Test-Fault: rate-limiter-slow  RATE_LIMITER stubs answer after 3 s (the API waits 1 s)
//
// Several faults may be listed, comma-separated. Only with TEST_HOOKS = "1"
// in a local environment; never part of a deployed bundle (src/index.ts has
// no hooks at all).
import type { Env } from '../../../src/env.ts'
import { testHooksEnabled, type HookEnv } from '../../support/test-hooks.ts'

export const TEST_FAULT_HEADER = 'X-Test-Fault'
/** How long a slow Durable Object takes: well past the API's 1 s bound. */
const SLOW_RATE_LIMITER_MS = 3_000

const never = () => new Promise<never>(() => undefined)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// Only the methods the pipeline calls are offered: a call to anything else
// fails loudly instead of reaching the real dependency.
function brokenAuth(fault: 'auth-down' | 'auth-hang'): Env['AUTH'] {
  const verify =
    fault === 'auth-down'
      ? () => Promise.reject(new Error('Network connection lost. (fault injected: auth helper down)'))
      : never
  return { verify } as unknown as Env['AUTH']
}

function brokenRateLimiter(
  namespace: Env['RATE_LIMITER'],
  fault: 'rate-limiter-down' | 'rate-limiter-slow',
): Env['RATE_LIMITER'] {
  const stubFor = (id: DurableObjectId) => {
    const stub = namespace.get(id)
    if (fault === 'rate-limiter-down') {
      const down = () => Promise.reject(new Error('Durable Object is overloaded. (fault injected)'))
      return { check: down, refund: down }
    }
    return {
      check: async (key: string, rph: number, nowMs: number) => {
        await sleep(SLOW_RATE_LIMITER_MS)
        return stub.check(key, rph, nowMs)
      },
      refund: async (key: string, nowMs: number) => {
        await sleep(SLOW_RATE_LIMITER_MS)
        return stub.refund(key, nowMs)
      },
    }
  }
  return {
    idFromName: (name: string) => namespace.idFromName(name),
    get: stubFor,
  } as unknown as Env['RATE_LIMITER']
}

/** The bindings of one request, with the faults its X-Test-Fault header asks for. */
export function withFaults(headers: Headers, env: Env): Env {
  if (!testHooksEnabled(env as HookEnv)) return env
  const faults = new Set(
    (headers.get(TEST_FAULT_HEADER) ?? '')
      .split(',')
      .map((fault) => fault.trim())
      .filter(Boolean),
  )
  if (faults.size === 0) return env
  let faulty = env
  if (faults.has('auth-down')) faulty = { ...faulty, AUTH: brokenAuth('auth-down') }
  if (faults.has('auth-hang')) faulty = { ...faulty, AUTH: brokenAuth('auth-hang') }
  if (faults.has('rate-limiter-down'))
    faulty = { ...faulty, RATE_LIMITER: brokenRateLimiter(env.RATE_LIMITER, 'rate-limiter-down') }
  if (faults.has('rate-limiter-slow'))
    faulty = { ...faulty, RATE_LIMITER: brokenRateLimiter(env.RATE_LIMITER, 'rate-limiter-slow') }
  return faulty
}
