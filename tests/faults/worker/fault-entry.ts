// The API Worker as the fault suite runs it: the test entry's app (pinned
// clock, rate namespaces) plus the X-Test-Fault hook (faults.ts), which
// breaks a binding for one request. One app per isolate, as in production, so
// a faulty request meets the memory healthy ones left behind.
import { createApp } from '../../../src/app.ts'
import type { Env } from '../../../src/env.ts'
import { pinnedNow, rateNamespace, type HookEnv } from '../../support/test-hooks.ts'
import { withFaults } from './faults.ts'

export { RateLimiter } from '../../../src/durable-objects/RateLimiter.ts'

const app = createApp({
  pinnedNow: (request, env) => pinnedNow(request.headers, env as HookEnv),
  rateNamespace: (request, env) => rateNamespace(request.headers, env as HookEnv),
})

export default {
  fetch: (request, env, ctx) => app.fetch(request, withFaults(request.headers, env), ctx),
} satisfies ExportedHandler<Env>
