// @adventive/public-api-client: a typed client of the Adventive Public API for Node ≥ 20,
// browsers and Workers (web platform APIs only).
export {
  createClient,
  DEFAULT_BASE_URL,
  type AdventiveClient,
  type AdvertiserId,
  type AdvertiserParams,
  type Advertiser,
  type AnalyticsParams,
  type AnalyticsV1Row,
  type AnalyticsV2Row,
  type Body,
  type Campaign,
  type ClickthroughRow,
  type ClientOptions,
  type ConnectorRow,
  type CredentialsCheck,
  type DataConnector,
  type DataConnectorParams,
  type DataConnectorRow,
  type DateRangeParams,
  type Format,
  type FormatParams,
  type JsonMedia,
  type LookerStudioTable,
  type Version,
} from './client.ts'
export { csvRecords, csvRows, parseCsv, parseCsvRecords, type CsvInput, type CsvRow } from './csv.ts'
export { ApiError, legacyError, type LegacyError } from './errors.ts'
export { readRateLimit, type RateLimitState } from './rate-limit.ts'
export { retryMiddleware, type RetryOptions } from './retry.ts'
export type { components, operations, paths } from './generated/types.ts'
