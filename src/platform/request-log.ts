// The one log line per request (plan phase 4 logger contract + phase 6
// handler checklist), with the timings the alerts and dashboards need:
// connect/acquire, auth (and whether it was cached), rate limit, queries.
// Written when the response is complete, so total_ms covers a streamed body.
import type { Logger } from '@adventive/worker-kit/logger'
import type { BodyEnd } from '../response/respond.ts'

export interface RequestMetrics {
  endpoint: string | null
  version: string | null
  servedBy: 'worker' | 'legacy'
  accountId: number | null
  authMs: number | null
  authSource: 'isolate' | 'kv' | 'db' | 'none'
  rateLimitMs: number | null
  rateLimitSource: 'do' | 'fallback' | 'none'
  rateLimitCount: number | null
  queryMs: number
  connectMs: number
  dbConnects: number
}

export function newMetrics(): RequestMetrics {
  return {
    endpoint: null,
    version: null,
    servedBy: 'worker',
    accountId: null,
    authMs: null,
    authSource: 'none',
    rateLimitMs: null,
    rateLimitSource: 'none',
    rateLimitCount: null,
    queryMs: 0,
    connectMs: 0,
    dbConnects: 0,
  }
}

const round = (ms: number | null) => (ms === null ? null : Math.round(ms))

export function logRequest(
  log: Logger,
  metrics: RequestMetrics,
  outcome: {
    format: string
    status: number
    /** How the body ended; a body broken off after its status is an error even under a 200. */
    body?: BodyEnd
    latencyMs: number
    totalMs: number
  },
): void {
  const body = outcome.body ?? 'complete'
  log.info('request', {
    endpoint: metrics.endpoint,
    version: metrics.version,
    format: outcome.format,
    status: outcome.status,
    outcome: outcome.status < 400 && body !== 'broken' ? 'ok' : 'error',
    body,
    served_by: metrics.servedBy,
    account_id: metrics.accountId,
    // latency_ms is the logger contract's name (phase 4): until the response
    // started; total_ms (phase 6) until its last byte.
    latency_ms: Math.round(outcome.latencyMs),
    total_ms: Math.round(outcome.totalMs),
    query_ms: Math.round(metrics.queryMs),
    connect_ms: Math.round(metrics.connectMs),
    db_connects: metrics.dbConnects,
    auth_ms: round(metrics.authMs),
    auth_cached: metrics.authSource === 'isolate' || metrics.authSource === 'kv',
    auth_source: metrics.authSource,
    ratelimit_ms: round(metrics.rateLimitMs),
    ratelimit_source: metrics.rateLimitSource,
    ratelimit_count: metrics.rateLimitCount,
    cached: false,
  })
}
