// adv-svc-public-api: the Worker entry point. No test hooks here: the clock
// is the real one and every credential has exactly one counter.
import { createApp } from './app.ts'
import type { Env } from './env.ts'

export { RateLimiter } from './durable-objects/RateLimiter.ts'

const app = createApp()

export default {
  fetch: (request, env, ctx) => app.fetch(request, env, ctx),
} satisfies ExportedHandler<Env>
