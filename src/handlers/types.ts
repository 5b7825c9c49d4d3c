// The contract between the request pipeline and the seven handlers.
// A handler gets validated parameters and database access and returns the
// PHP value the legacy controller passed to $this->response(): it knows
// nothing of HTTP, formats, auth or rate limits.
import type { Databases } from '../lib/db-types.ts'
import type { PhpValue } from '../lib/format/php-value.ts'

export type ApiVersion = '1.0' | '2.0'

export type Endpoint =
  | 'credentialscheck'
  | 'advertisers'
  | 'campaigns'
  | 'analytics'
  | 'clickthroughs'
  | 'connector'
  | 'dataconnector'

/** Parameters after legacy validation (src/lib/validation.ts). Only the ones an endpoint reads are meaningful. */
export interface LegacyParams {
  /** YYYY-MM-DD, default today − 30 days in America/New_York. */
  from: string
  /** YYYY-MM-DD, default today in America/New_York. */
  to: string
  /** Digits without leading zeros ("007" → "7"), or null when absent. May exceed any integer range (then simply not found). */
  advertiserId: string | null
  removeZeros: boolean
  /** 1 or 2; version 2.0 forces 2. */
  dataConnector: 1 | 2
}

export interface HandlerContext {
  accountId: number
  version: ApiVersion
  params: LegacyParams
  db: Databases
}

export type Handler = (ctx: HandlerContext) => Promise<PhpValue>
