// The API Worker's Hono app: request state → CORS → GET-only → routes →
// one error renderer. Built by one factory so every route shares the same
// error handling (see ANCHORS §2.1 on sub-app hook inheritance).
import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv, RequestState } from './lib/context.ts'
import { monotonicMs, requestNow } from './lib/clock.ts'
import { corsMiddleware } from './lib/cors.ts'
import { HttpError, LegacyMessage } from './lib/errors.ts'
import { resolveFormat } from './lib/format/index.ts'
import { createLogger } from './lib/logger.ts'
import { parsePhpQuery } from './lib/php-query.ts'
import { serveEndpoint } from './lib/pipeline.ts'
import { respond } from './lib/respond.ts'
import { rawQueryOf } from './request-normalization.ts'
import { registerRoutes } from './routes.ts'

export function createApp(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>()

  app.use('*', async (c, next) => {
    const query = parsePhpQuery(rawQueryOf(c.req.raw))
    const requested = resolveFormat(query.get('format'))
    const requestId = c.req.header('cf-ray') ?? crypto.randomUUID()
    const state: RequestState = {
      requestId,
      now: requestNow(c.env, c.req.raw.headers),
      startedMs: monotonicMs(),
      query,
      format: requested === 'php' || requested === 'serialized' ? 'json' : requested,
      requestedFormat: requested,
      queryMs: 0,
      log: createLogger({ request_id: requestId, commit_sha: c.env.COMMIT_SHA }),
    }
    c.set('state', state)
    await next()
    const totalMs = Math.round(monotonicMs() - state.startedMs)
    state.log.info('request', {
      endpoint: state.endpoint ?? null,
      version: state.version ?? null,
      format: state.requestedFormat,
      status: c.res.status,
      outcome: c.res.status < 400 ? 'ok' : 'error',
      // latency_ms is the logger contract's name (phase 4), total_ms the handler checklist's (phase 6).
      latency_ms: totalMs,
      total_ms: totalMs,
      query_ms: Math.round(state.queryMs),
      cached: false,
    })
  })

  app.use('*', corsMiddleware())

  // Only GET is served; HEAD, POST, non-preflight OPTIONS … are unknown methods.
  app.use('*', async (c, next) => {
    if (c.req.method !== 'GET') throw new HttpError(404, LegacyMessage.unknownMethod)
    await next()
  })

  // Every route of openapi.yaml (legacy endpoints, /__health, /openapi.yaml, /docs).
  registerRoutes(app, serveEndpoint)

  app.notFound(() => {
    throw new HttpError(404, LegacyMessage.unknownMethod)
  })

  app.onError(async (err, c) => {
    const state = c.get('state')
    if (err instanceof HttpError) {
      if (err.status >= 500) state.log.warn('request.failed', { status: err.status, message: err.message })
      return respond(c, err.status, err.envelope(), { headers: err.headers })
    }
    state.log.error('request.unhandled', { message: err instanceof Error ? err.message : String(err) })
    const unavailable = new HttpError(503, LegacyMessage.unavailable)
    return respond(c, unavailable.status, unavailable.envelope())
  })

  return app
}
