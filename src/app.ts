// The API Worker's app: the legacy request is read once, then CORS → GET only
// → the routes of openapi.yaml (generated/routes.ts) → one request log line.
// Built by a factory so a test entry can pin the clock and give requests
// their own rate-limit counters; the production entry (index.ts) passes no
// options, so no request header can do either there.
import { Hono } from 'hono'
import { createLogger, errorMessage, type Logger } from '@adventive/worker-kit/logger'
import { LEGACY_ROUTES } from '../generated/routes.ts'
import { LegacyError, LegacyMessage } from './domain/legacy-error.ts'
import type { ApiVersion } from './domain/vocabulary.ts'
import { endpointNamed } from './endpoints/registry.ts'
import type { Env } from './env.ts'
import { FailedAuthThrottle } from './pipeline/auth-failures.ts'
import { CredentialCache } from './pipeline/credential-cache.ts'
import { FallbackCounts } from './pipeline/rate-limit.ts'
import { passToLegacy } from './pipeline/passthrough.ts'
import { serveLegacy } from './pipeline/serve-legacy.ts'
import { realNow, wallClockMs } from './platform/clock.ts'
import { logRequest, newMetrics, type RequestMetrics } from './platform/request-log.ts'
import { readLegacyRequest, type LegacyRequest } from './request/legacy-request.ts'
import { normalizePath, rawPathOf } from './request/path.ts'
import { corsMiddleware } from './response/cors.ts'
import { asLegacyError } from './response/dependency-errors.ts'
import { errorDescription, respond, type BodyEnd } from './response/respond.ts'
import { serveDocs, serveOpenApiYaml } from './service/docs.ts'
import { comparable, compareWithLegacy, shadowSettings } from './shadow/shadow.ts'

export interface AppOptions {
  /** The request's instant when something pins it (test entry only); null for the real clock. */
  pinnedNow?: (request: Request, env: Env) => Date | null
  /** Extra rate-limit key material (test entry only). */
  rateNamespace?: (request: LegacyRequest, env: Env) => string
}

interface AppVariables {
  request: LegacyRequest
  log: Logger
  metrics: RequestMetrics
  /** When the request arrived (monotonic ms), for the log line. */
  startedMs: number
  /** Set by a route whose body finishes later (streams): it writes the log line itself. */
  logsItself: boolean
}

export type AppEnv = { Bindings: Env; Variables: AppVariables }

export function createApp(options: AppOptions = {}) {
  // What lives as long as the isolate: verdict cache, throttled addresses, fallback counts.
  const memory = { cache: new CredentialCache(), throttle: new FailedAuthThrottle() }
  const fallbackCounts = new FallbackCounts()

  // Routes match the legacy clean path, not the URL's pathname.
  const app = new Hono<AppEnv>({ getPath: (request) => normalizePath(rawPathOf(request.url)) })

  app.use('*', async (c, next) => {
    const now = options.pinnedNow?.(c.req.raw, c.env) ?? realNow()
    // c.req.path is the router's clean path (getPath above).
    const request = readLegacyRequest(c.req.raw, now, c.req.path)
    const startedMs = performance.now()
    c.set('request', request)
    c.set('log', createLogger({ request_id: request.requestId, commit_sha: c.env.COMMIT_SHA }))
    c.set('metrics', newMetrics())
    c.set('startedMs', startedMs)
    c.set('logsItself', false)
    await next()
    if (!c.get('logsItself')) {
      const latencyMs = performance.now() - startedMs
      logRequest(c.get('log'), c.get('metrics'), {
        format: request.requestedFormat,
        status: c.res.status,
        latencyMs,
        totalMs: latencyMs,
      })
    }
  })

  app.use('*', corsMiddleware())

  // Only GET is served; HEAD, POST, non-preflight OPTIONS … are unknown methods.
  app.use('*', async (c, next) => {
    if (c.req.method !== 'GET') throw new LegacyError(404, LegacyMessage.unknownMethod)
    await next()
  })

  app.get('/__health', (c) => c.json({ status: 'ok', commit: c.env.COMMIT_SHA }))
  app.get('/openapi.yaml', (c) => serveOpenApiYaml(c.env.ASSETS, c.req.url))
  app.get('/docs', (c) => serveDocs(c.env.ASSETS, c.req.url))

  for (const route of LEGACY_ROUTES) {
    const endpoint = endpointNamed(route.endpoint)
    if (!endpoint) throw new Error(`openapi.yaml path ${route.path} has no endpoint module`)
    const pathVersion = route.version as ApiVersion | null
    app.get(route.path, async (c) => {
      const request = c.get('request')
      const log = c.get('log')
      const metrics = c.get('metrics')
      const startedMs = c.get('startedMs')
      // The line is written when the body is complete: at once for a body of
      // one chunk, at its end for a stream (then total_ms covers the body).
      let firstByteMs: number | null = null
      let answered: number | null = null
      let bodyEnd: BodyEnd = 'complete'
      const write = () =>
        logRequest(log, metrics, {
          format: request.requestedFormat,
          status: answered!,
          body: bodyEnd,
          latencyMs: firstByteMs ?? performance.now() - startedMs,
          totalMs: performance.now() - startedMs,
        })
      const response = await serveLegacy(request, endpoint, pathVersion, {
        env: c.env,
        waitUntil: (promise) => c.executionCtx.waitUntil(promise),
        deps: {
          auth: memory,
          fallbackCounts,
          rateNamespace: (r) => options.rateNamespace?.(r, c.env) ?? '',
          realNowMs: wallClockMs,
        },
        log,
        metrics,
        finished: (status, body) => {
          answered = status
          bodyEnd = body
          if (firstByteMs !== null) write()
        },
      })
      if (response === null) {
        // The endpoint's flag is off: the legacy origin answers (or, without one, nobody does).
        if (!c.env.LEGACY_ORIGIN) throw new LegacyError(404, LegacyMessage.unknownMethod)
        metrics.servedBy = 'legacy'
        return passToLegacy(request, c.env.LEGACY_ORIGIN, log)
      }
      c.set('logsItself', true)
      firstByteMs = performance.now() - startedMs
      if (answered !== null) write()
      const shadow = shadowSettings(c.env)
      if (shadow && comparable(response.status) && Math.random() < shadow.sampleRate && response.body) {
        // The client's copy streams on; the other copy is compared after the response.
        const [client, compared] = response.body.tee()
        c.executionCtx.waitUntil(
          compareWithLegacy(
            request,
            {
              status: response.status,
              contentType: response.headers.get('Content-Type') ?? '',
              body: compared,
            },
            shadow,
            { endpoint: endpoint.name, version: metrics.version, format: request.requestedFormat },
            log,
          ),
        )
        return new Response(client, response)
      }
      return response
    })
  }

  app.notFound(() => {
    throw new LegacyError(404, LegacyMessage.unknownMethod)
  })

  app.onError((err, c) => {
    const { error, unexpected } = asLegacyError(err)
    const log = c.get('log')
    if (unexpected) log.error('request.unhandled', { message: errorMessage(err) })
    const request = c.get('request')
    return respond(errorDescription(request, error), log)
  })

  return app
}
