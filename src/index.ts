import { Hono } from 'hono'
import type { Env } from './env.ts'

export { RateLimiter } from './durable-objects/RateLimiter.ts'

const app = new Hono<{ Bindings: Env }>()

app.get('/__health', (c) => c.json({ status: 'ok', commit: c.env.COMMIT_SHA }))

export default app
