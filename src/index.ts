// adv-svc-public-api: the Worker entry point.
import { createApp } from './app.ts'
import type { Env } from './env.ts'
import { normalizeRequest } from './request-normalization.ts'

export { RateLimiter } from './durable-objects/RateLimiter.ts'

const app = createApp()

export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    return app.fetch(normalizeRequest(request), env, ctx)
  },
} satisfies ExportedHandler<Env>
