// The Worker as the tests and the parity harness run it: the production app
// plus two request hooks, wired through the app factory. They exist only in
// this entry (never in the production bundle, src/index.ts), and even here
// only when TEST_HOOKS = "1" and the Worker runs locally:
//   X-Test-Now: <ISO 8601>          pins the request's clock (date defaults, expiry, rate window)
//   X-Test-Rate-Namespace: <token>  gives the request fresh rate-limit counters (one per fixture)
import { createApp } from '../../src/app.ts'
import type { Env } from '../../src/env.ts'
import { testAppOptions } from './test-hooks.ts'

export { RateLimiter } from '../../src/durable-objects/RateLimiter.ts'

const app = createApp(testAppOptions)

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>
