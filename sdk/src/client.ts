// createClient: the typed openapi-fetch client of every path in the spec (`raw`), plus one
// method per endpoint that builds the query, picks how to read the body from `format` (JSON
// typed, XML as text, CSV as rows) and throws ApiError for any answer that is not 2xx.
import createOpenApiClient, { type Client } from 'openapi-fetch'
import { parseCsv, type CsvRow } from './csv.ts'
import { ApiError } from './errors.ts'
import type { components, paths } from './generated/types.ts'
import { readRateLimit, type RateLimitState } from './rate-limit.ts'
import { retryMiddleware, type RetryOptions } from './retry.ts'

export const DEFAULT_BASE_URL = 'https://api.adventive.com'

/** The media type the typed bodies are read from; XML and CSV are handled by `format`. */
export type JsonMedia = 'application/json; charset=utf-8'

/** `format`: the body's format. The API matches it case-insensitively and falls back to JSON. */
export type Format = 'json' | 'xml' | 'csv'
/** The API version of `/analytics` (2.0 adds video columns). */
export type Version = '1.0' | '2.0'
/** `data_connector` of `/dataconnector`: 1 the Looker Studio table, 2 flat rows. */
export type DataConnector = 1 | 2 | '1' | '2'
/** `advertiser_id`: a positive integer, as a number or a string of digits (`'007'` is 7). */
export type AdvertiserId = number | `${number}`

type Schemas = components['schemas']
export type CredentialsCheck = Schemas['CredentialsCheck']
export type Advertiser = Schemas['Advertiser']
export type Campaign = Schemas['Campaign']
export type AnalyticsV1Row = Schemas['AnalyticsV1Row']
export type AnalyticsV2Row = Schemas['AnalyticsV2Row']
export type ClickthroughRow = Schemas['ClickthroughRow']
export type ConnectorRow = Schemas['ConnectorRow']
export type LookerStudioTable = Schemas['LookerStudioTable']
export type DataConnectorRow = Schemas['DataConnectorRow']

/** What a call returns for a format: the typed JSON, the XML document as text, or the CSV's rows. */
export type Body<F extends Format, Json> = F extends 'xml' ? string : F extends 'csv' ? CsvRow[] : Json

export interface FormatParams<F extends Format> {
  /** `json` (default), `xml` or `csv`. */
  format?: F
}

export interface DateRangeParams {
  /** First day, `YYYY-MM-DD` (default: 30 days before `to`'s default, in New York time). */
  from?: string
  /** Last day, `YYYY-MM-DD` (default: today in New York). At most 366 days after `from`. */
  to?: string
}

export interface AdvertiserParams {
  /** Only this advertiser of the account (else 404 `Advertiser not found`). */
  advertiserId?: AdvertiserId
}

export interface AnalyticsParams<V extends Version, F extends Format>
  extends DateRangeParams, AdvertiserParams, FormatParams<F> {
  /** Drop rows whose impressions, clicks and engagements are all 0. */
  removeZeros?: boolean
  /** `1.0` (default) or `2.0` (adds the video columns). */
  version?: V
}

export interface DataConnectorParams<D extends DataConnector, F extends Format>
  extends DateRangeParams, FormatParams<F> {
  /** 1 (default): the Looker Studio table; 2: flat rows. */
  dataConnector?: D
}

export interface ClientOptions {
  /** Sent as `X-Integration-Key`. */
  integrationKey: string
  /** Sent as `X-Api-Key`. */
  apiKey: string
  /** Default `https://api.adventive.com`. */
  baseUrl?: string
  /** Retry 429 and 503 after their `Retry-After` (off by default; `true` uses the defaults). */
  retry?: boolean | RetryOptions
  /** The fetch to use (default the runtime's `fetch`). */
  fetch?: (request: Request) => Promise<Response>
}

export interface AdventiveClient {
  /**
   * The openapi-fetch client typed from the spec: every path, its query parameters and its
   * JSON body. A non-2xx answer rejects with ApiError here too (`error` is never set).
   */
  readonly raw: Client<paths, JsonMedia>
  /** The rate-limit state of the last answer this client received (null before the first). */
  readonly rateLimit: RateLimitState | null
  /** `GET /credentialscheck`: `{ status: true }` when the keys are valid. */
  credentialsCheck<F extends Format = 'json'>(params?: FormatParams<F>): Promise<Body<F, CredentialsCheck>>
  /** `GET /advertisers`: the account's active advertisers. */
  advertisers<F extends Format = 'json'>(params?: FormatParams<F>): Promise<Body<F, Advertiser[]>>
  /** `GET /campaigns`: campaigns with their sites, placements, ad units and delivery groups. */
  campaigns<F extends Format = 'json'>(
    params?: AdvertiserParams & FormatParams<F>,
  ): Promise<Body<F, Campaign[]>>
  /** `GET /v1.0/analytics` or `/v2.0/analytics`: daily statistics per campaign. */
  analytics<V extends Version = '1.0', F extends Format = 'json'>(
    params?: AnalyticsParams<V, F>,
  ): Promise<Body<F, V extends '2.0' ? AnalyticsV2Row[] : AnalyticsV1Row[]>>
  /** `GET /clickthroughs`: clicks per day, ad unit and click URL. */
  clickthroughs<F extends Format = 'json'>(
    params?: DateRangeParams & AdvertiserParams & FormatParams<F>,
  ): Promise<Body<F, ClickthroughRow[]>>
  /** `GET /connector`: totals per advertiser. */
  connector<F extends Format = 'json'>(
    params?: DateRangeParams & AdvertiserParams & FormatParams<F>,
  ): Promise<Body<F, ConnectorRow[]>>
  /** `GET /v1.0/dataconnector`: the Looker Studio feed of the whole account. */
  dataconnector<D extends DataConnector = 1, F extends Format = 'json'>(
    params?: DataConnectorParams<D, F>,
  ): Promise<Body<F, D extends 2 | '2' ? DataConnectorRow[] : LookerStudioTable>>
  /**
   * `GET /v1.0/dataconnector` as a byte stream, for big ranges: read it with `csvRows()` for
   * `format: 'csv'`, or pipe it anywhere. Errors still reject with ApiError before any byte.
   */
  dataconnectorStream(
    params?: DataConnectorParams<DataConnector, Format>,
  ): Promise<ReadableStream<Uint8Array>>
}

type Query = Record<string, string>
type ParseAs = 'json' | 'text' | 'arrayBuffer' | 'stream'
/** `raw.GET` without the per-path generics: the methods below build paths and queries themselves. */
type UntypedGet = (
  path: string,
  init: { params: { query: Query }; parseAs: ParseAs },
) => Promise<{ data?: unknown }>

function requireKey(name: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') {
    throw new TypeError(`createClient: ${name} must be a non-empty string`)
  }
  return value
}

function versionOf(version: unknown): Version {
  if (version === undefined) return '1.0'
  if (version === '1.0' || version === '2.0') return version
  throw new TypeError(`version must be '1.0' or '2.0', got ${String(version)}`)
}

/** The API's name of each parameter the methods take (`version` is a path prefix instead). */
const QUERY_NAMES: Record<string, string> = {
  from: 'from',
  to: 'to',
  advertiserId: 'advertiser_id',
  removeZeros: 'removeZeros',
  dataConnector: 'data_connector',
  format: 'format',
}

/**
 * The query string of a method's parameters, always in the same order; absent ones are left
 * out (the API's defaults apply).
 */
function queryOf(params: object): Query {
  const query: Query = {}
  const values = params as Record<string, unknown>
  for (const [name, apiName] of Object.entries(QUERY_NAMES)) {
    const value = values[name]
    if (value === undefined || value === null || value === false) continue
    query[apiName] = value === true ? 'true' : String(value)
  }
  return query
}

const parseAsFor = (format: unknown): ParseAs => {
  const lower = typeof format === 'string' ? format.toLowerCase() : 'json'
  return lower === 'xml' ? 'text' : lower === 'csv' ? 'arrayBuffer' : 'json'
}

export function createClient(options: ClientOptions): AdventiveClient {
  const integrationKey = requireKey('integrationKey', options?.integrationKey)
  const apiKey = requireKey('apiKey', options.apiKey)
  const raw = createOpenApiClient<paths, JsonMedia>({
    baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
    headers: { 'X-Integration-Key': integrationKey, 'X-Api-Key': apiKey },
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })
  let rateLimit: RateLimitState | null = null
  // Registered first so it sees each answer last, after any retry replaced it.
  raw.use({
    async onResponse({ response }) {
      rateLimit = readRateLimit(response.headers)
      if (!response.ok) throw await ApiError.fromResponse(response)
      return undefined
    },
  })
  if (options.retry) raw.use(retryMiddleware(options.retry === true ? {} : options.retry))

  const get = raw.GET as unknown as UntypedGet
  async function read(path: string, params: FormatParams<Format>): Promise<never> {
    const parseAs = parseAsFor(params.format)
    const { data } = await get(path, { params: { query: queryOf(params) }, parseAs })
    return (parseAs === 'arrayBuffer' ? parseCsv(data as ArrayBuffer) : data) as never
  }

  return {
    raw,
    get rateLimit() {
      return rateLimit
    },
    credentialsCheck: async (params = {}) => read('/credentialscheck', params),
    advertisers: async (params = {}) => read('/advertisers', params),
    campaigns: async (params = {}) => read('/campaigns', params),
    analytics: async (params = {}) => read(`/v${versionOf(params.version)}/analytics`, params),
    clickthroughs: async (params = {}) => read('/clickthroughs', params),
    connector: async (params = {}) => read('/connector', params),
    dataconnector: async (params = {}) => read('/v1.0/dataconnector', params),
    async dataconnectorStream(params = {}) {
      const { data } = await get('/v1.0/dataconnector', {
        params: { query: queryOf(params) },
        parseAs: 'stream',
      })
      return data as ReadableStream<Uint8Array>
    },
  }
}
