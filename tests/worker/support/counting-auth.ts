// Test support (workerd): the real AUTH service binding behind a proxy that
// counts verify() calls and may adjust what the helper answered.
import { env } from 'cloudflare:test'
import type { VerifyRequest, VerifyResult } from '@adventive/worker-kit/auth-contract'
import type { Env } from '../../../src/env.ts'

export interface CountingAuth {
  AUTH: Env['AUTH']
  /** verify() calls so far. */
  calls(): number
}

export function countingAuth(adjust: (result: VerifyResult) => VerifyResult = (r) => r): CountingAuth {
  let calls = 0
  const AUTH = new Proxy(env.AUTH, {
    get(target, property) {
      if (property === 'verify') {
        return async (request: VerifyRequest) => {
          calls++
          return adjust((await target.verify(request)) as VerifyResult)
        }
      }
      return Reflect.get(target, property)
    },
  })
  return { AUTH, calls: () => calls }
}
