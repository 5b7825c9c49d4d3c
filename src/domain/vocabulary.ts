// The words every layer of the API shares. Kept free of imports so that
// request parsing, the pipeline, the endpoints and the renderers can all use
// them without depending on each other.

/** The legacy API versions: a path prefix (/v1.0, /v2.0) or the `version` parameter. */
export type ApiVersion = '1.0' | '2.0'
export const API_VERSIONS: readonly ApiVersion[] = ['1.0', '2.0']

/** The formats a response renders in. */
export type ResponseFormat = 'json' | 'xml' | 'csv'
/** What `format` may ask for: the retired php/serialized formats get a 410. */
export type RequestedFormat = ResponseFormat | 'php' | 'serialized'

/** Parameters after legacy validation (request/parameters.ts). Only the ones an endpoint reads are meaningful. */
export interface LegacyParams {
  /** YYYY-MM-DD, default today − 30 days in America/New_York. */
  from: string
  /** YYYY-MM-DD, default today in America/New_York. */
  to: string
  /**
   * The digits as an exact integer ("007" → 7n), or null when absent. May
   * exceed any integer range (then simply not found). A bigint so queries
   * compare it as a number literal: MariaDB compares an INT column with a
   * quoted string through doubles — inexact past 2^53, and 0.15 ms more
   * database CPU on /campaigns.
   */
  advertiserId: bigint | null
  removeZeros: boolean
  /** 1 or 2; version 2.0 forces 2. */
  dataConnector: 1 | 2
}

/** The query parameters a legacy endpoint may read. */
export type ParamName = 'version' | 'from' | 'to' | 'advertiser_id' | 'removeZeros' | 'data_connector'
