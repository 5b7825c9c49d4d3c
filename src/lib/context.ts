// Per-request state carried through the Hono context (c.get('state')).
import type { Env } from '../env.ts'
import type { ApiVersion, Endpoint } from '../handlers/types.ts'
import type { Logger } from './logger.ts'
import type { PhpQuery } from './php-query.ts'

export type ResponseFormat = 'json' | 'xml' | 'csv'

export interface AuthContext {
  accountId: number
  rph: number
  /** SHA-256 (hex) of the credential pair: the only form a credential takes in keys and logs. */
  credentialHash: string
}

export interface RequestState {
  requestId: string
  /** The request's instant (src/lib/clock.ts). */
  now: Date
  startedMs: number
  /** $_GET as PHP parsed it (src/lib/php-query.ts). */
  query: PhpQuery
  /** The format responses (errors included) render in; php/serialized render as json (their requests get a 410). */
  format: ResponseFormat
  /** What `format` asked for, after the legacy fallback to json for unknown values. */
  requestedFormat: ResponseFormat | 'php' | 'serialized'
  endpoint?: Endpoint
  version?: ApiVersion
  auth?: AuthContext
  /** Rate-limit headers to add to whatever response this request gets. */
  rateLimitHeaders?: Record<string, string>
  /** Time spent in database queries, summed (for the log line). */
  queryMs: number
  log: Logger
}

export interface AppEnv {
  Bindings: Env
  Variables: { state: RequestState }
}
