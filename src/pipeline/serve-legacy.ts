// One legacy request after routing, in the legacy order of checks:
//   flag off → legacy origin | auth (401/503) → rate limit (429)
//   → retired format (410) → parameters (400) → ownership (404) → handler.
// Each step returns a value the next one takes; the result is a description
// of the answer, rendered by response/respond.ts. Handlers return PHP values;
// everything HTTP happens here and in respond().
import { errorMessage, type Logger } from '@adventive/worker-kit/logger'
import { DeviationMessage, LegacyError, LegacyMessage } from '../domain/legacy-error.ts'
import type { ApiVersion } from '../domain/vocabulary.ts'
import type { EndpointDefinition } from '../endpoints/endpoint.ts'
import type { Env } from '../env.ts'
import type { RequestMetrics } from '../platform/request-log.ts'
import type { LegacyRequest } from '../request/legacy-request.ts'
import { validateRequest } from '../request/parameters.ts'
import { asLegacyError, isOutageStatus } from '../response/dependency-errors.ts'
import { errorDescription, respond, type BodyEnd, type ResponseDescription } from '../response/respond.ts'
import { authenticate, type AuthContext, type AuthMemory } from './auth.ts'
import { openDatabases, type DatabaseSession } from './databases.ts'
import { handlerEnabled } from './flags.ts'
import { advertiserBelongsToAccount } from './ownership.ts'
import {
  counterName,
  countRequest,
  rateLimitExceeded,
  rateLimitHeaders,
  refundRequest,
  type FallbackCounts,
  type RateState,
} from './rate-limit.ts'
import { clockHour } from '../platform/clock.ts'

/**
 * The order of the checks, as data: the first that fails answers. `route`
 * (unknown path or method) is decided before serveLegacy is called (app.ts);
 * the others are the steps below, in this order: authenticate → countRequest
 * → counted(): retired format → validateRequest → ownership. The published
 * contract gives the same list (openapi.yaml `info.x-check-order`; compared by
 * tests/node/check-order.test.ts), and tests/worker/check-order.test.ts sends
 * requests that fail two checks at once to prove the steps run in this order.
 * Reorder the steps and this list, the spec and its prose together.
 */
export const CHECK_ORDER = [
  { check: 'route', status: 404 },
  { check: 'credentials', status: 401 },
  { check: 'hourly-limit', status: 429 },
  { check: 'retired-format', status: 410 },
  { check: 'parameters', status: 400 },
  { check: 'ownership', status: 404 },
] as const

export type CheckName = (typeof CHECK_ORDER)[number]['check']

/** What the pipeline keeps for the life of the isolate, and the hooks a test entry may set. */
export interface PipelineDeps {
  auth: AuthMemory
  fallbackCounts: FallbackCounts
  /** Extra rate-limit key material: always '' in production (see tests/support/test-entry.ts). */
  rateNamespace: (request: LegacyRequest) => string
  /** The real clock, epoch ms (cache freshness, throttling): never a request's "now". */
  realNowMs: () => number
}

export interface ServeContext {
  env: Env
  waitUntil: (promise: Promise<unknown>) => void
  deps: PipelineDeps
  log: Logger
  metrics: RequestMetrics
  /** Called once, with the status answered, when the response body is complete (or failed, or was abandoned). */
  finished: (status: number, body: BodyEnd) => void
}

/** The version a request will be served at, as far as the path and a well-formed `version` tell. */
function likelyVersion(
  request: LegacyRequest,
  endpoint: EndpointDefinition,
  pathVersion: ApiVersion | null,
): ApiVersion {
  if (pathVersion) return pathVersion
  return endpoint.params.includes('version') && request.query.get('version') === '2.0' ? '2.0' : '1.0'
}

async function counted(
  request: LegacyRequest,
  endpoint: EndpointDefinition,
  pathVersion: ApiVersion | null,
  auth: AuthContext,
  rate: RateState,
  context: ServeContext,
  opened: (db: DatabaseSession) => void,
): Promise<ResponseDescription> {
  const { env, log, metrics } = context
  if (request.requestedFormat === 'php' || request.requestedFormat === 'serialized') {
    throw new LegacyError(410, DeviationMessage.formatGone, { extra: { documentation: env.DOCS_URL } })
  }
  const { version, params } = validateRequest(endpoint.params, pathVersion, request.query, request.now)
  metrics.version = version

  const db = openDatabases(env, context.waitUntil, log, metrics)
  opened(db)
  if (endpoint.ownership === 'pipeline' && params.advertiserId !== null) {
    if (!(await advertiserBelongsToAccount(db.console, auth.accountId, params.advertiserId))) {
      throw new LegacyError(404, LegacyMessage.advertiserNotFound)
    }
  }
  const body = await endpoint.handler({ accountId: auth.accountId, version, params, db })
  return {
    status: 200,
    format: request.format,
    body,
    headers: { 'X-Request-Id': request.requestId, ...rateLimitHeaders(rate) },
    // A streamed body keeps using the connections: they close when it ends.
    onDone: (end) => {
      db.close()
      context.finished(200, end)
    },
  }
}

/**
 * Serves `endpoint` (reached at `pathVersion`, null for the bare path). Never
 * throws: every failure becomes its legacy (or documented deviation) answer.
 * Returns null when the endpoint's flag is off: the legacy origin answers.
 */
export async function serveLegacy(
  request: LegacyRequest,
  endpoint: EndpointDefinition,
  pathVersion: ApiVersion | null,
  context: ServeContext,
): Promise<Response | null> {
  const { env, deps, log, metrics } = context
  metrics.endpoint = endpoint.name
  metrics.version = pathVersion
  if (!handlerEnabled(env, endpoint, likelyVersion(request, endpoint, pathVersion))) return null

  let rate: RateState | null = null
  let counter: { name: string; auth: AuthContext } | null = null
  let db: DatabaseSession | null = null
  try {
    const authStarted = performance.now()
    let auth: AuthContext
    try {
      auth = await authenticate(env, deps.auth, {
        headers: request.headers,
        now: request.now,
        realNowMs: deps.realNowMs(),
        log,
      })
    } finally {
      metrics.authMs = performance.now() - authStarted
    }
    metrics.accountId = auth.accountId
    metrics.authSource = auth.source

    const rateStarted = performance.now()
    const namespace = deps.rateNamespace(request)
    try {
      rate = await countRequest(env, deps.fallbackCounts, { auth, now: request.now, namespace, log })
    } finally {
      metrics.rateLimitMs = performance.now() - rateStarted
    }
    metrics.rateLimitSource = rate.source
    metrics.rateLimitCount = rate.count
    counter = { name: counterName(auth.credentialHash, namespace), auth }
    if (rate.count > rate.limit) throw rateLimitExceeded(rate, request.now)

    const answer = await counted(request, endpoint, pathVersion, auth, rate, context, (opened) => {
      db = opened
    })
    return await respond(answer, log)
  } catch (err) {
    ;(db as DatabaseSession | null)?.close()
    const { error, unexpected } = asLegacyError(err)
    if (unexpected) log.error('request.unhandled', { message: errorMessage(err) })
    else if (error.status >= 500) log.warn('request.failed', { status: error.status, message: error.message })
    if (isOutageStatus(error.status) && counter && rate) {
      // An outage must not spend the caller's hourly budget: the request is given back,
      // and its headers say so.
      giveBack(context, counter, rate, request)
      rate = { ...rate, remaining: Math.min(rate.limit, rate.remaining + 1) }
    }
    return respond(
      {
        ...errorDescription(request, error, rate ? rateLimitHeaders(rate) : {}),
        onDone: (end) => context.finished(error.status, end),
      },
      log,
    )
  }
}

function giveBack(
  context: ServeContext,
  counter: { name: string; auth: AuthContext },
  rate: RateState,
  request: LegacyRequest,
): void {
  const { env, deps, log } = context
  if (rate.source === 'fallback') {
    deps.fallbackCounts.decrement(counter.name, clockHour(request.now).startMs)
    return
  }
  context.waitUntil(
    refundRequest(env, counter.name, { auth: counter.auth, now: request.now }).catch((err) =>
      log.warn('ratelimit.refund.failed', { error: errorMessage(err) }),
    ),
  )
}
