// The legacy parameter rules, in the legacy order of checks:
//   version → from → to → from after to → range → advertiser_id → data_connector
// (the ownership check, 404, comes after, in the pipeline). Each endpoint reads
// only its own parameters; others are ignored even when invalid.
// Input is $_GET as PHP built it (src/lib/php-query.ts): an empty value counts
// as absent; an array value is invalid (or the default, for removeZeros).
import type { ApiVersion, Endpoint, LegacyParams } from '../handlers/types.ts'
import { addDays, daysBetween, isStrictIsoDate, newYorkDate } from './dates.ts'
import { HttpError, LegacyMessage } from './errors.ts'
import { isQueryArray, type PhpQuery } from './php-query.ts'

type ParamName = 'version' | 'from' | 'to' | 'advertiser_id' | 'removeZeros' | 'data_connector'

/** The query parameters each endpoint reads (LEGACY_API.md, "Endpoints"). */
export const ENDPOINT_PARAMS: Record<Endpoint, readonly ParamName[]> = {
  credentialscheck: [],
  advertisers: ['version'],
  campaigns: ['advertiser_id', 'version'],
  analytics: ['from', 'to', 'advertiser_id', 'removeZeros', 'version'],
  clickthroughs: ['from', 'to', 'advertiser_id', 'version'],
  connector: ['from', 'to', 'advertiser_id', 'version'],
  dataconnector: ['from', 'to', 'data_connector', 'version'],
}

/** Longest allowed `to − from`, in days. */
export const MAX_RANGE_DAYS = 366
/** Default `from` is this many days before today (New York). */
export const DEFAULT_RANGE_DAYS = 30

const invalid = (message: string) => new HttpError(400, message)

/** A present, non-empty value: the string, an array marker, or undefined when absent. */
function read(query: PhpQuery, name: string) {
  const v = query.get(name)
  return v === '' ? undefined : v
}

/** PHP filter_var($v, FILTER_VALIDATE_BOOLEAN): true for 1/true/on/yes, any case, outer whitespace ignored. */
export function phpBoolean(value: string): boolean {
  return ['1', 'true', 'on', 'yes'].includes(value.replace(/^[ \t\r\n\v]+|[ \t\r\n\v]+$/g, '').toLowerCase())
}

/**
 * The API version of a request: the path prefix when there is one (the
 * `version` parameter is then not read at all), else `version` = 1.0 | 2.0,
 * default 1.0.
 */
export function resolveVersion(pathVersion: ApiVersion | null, query: PhpQuery, reads: boolean): ApiVersion {
  if (pathVersion) return pathVersion
  if (!reads) return '1.0'
  const v = read(query, 'version')
  if (v === undefined) return '1.0'
  if (v === '1.0' || v === '2.0') return v
  throw invalid(LegacyMessage.invalidVersion)
}

export interface ValidatedRequest {
  version: ApiVersion
  params: LegacyParams
}

/** Validates an endpoint's parameters; throws the first legacy 400 in order. */
export function validateRequest(
  endpoint: Endpoint,
  pathVersion: ApiVersion | null,
  query: PhpQuery,
  now: Date,
): ValidatedRequest {
  const reads = new Set(ENDPOINT_PARAMS[endpoint])
  const version = resolveVersion(pathVersion, query, reads.has('version'))

  const today = newYorkDate(now)
  let from = addDays(today, -DEFAULT_RANGE_DAYS)
  let to = today
  if (reads.has('from')) {
    const raw = read(query, 'from')
    if (raw !== undefined) {
      if (isQueryArray(raw) || !isStrictIsoDate(raw)) throw invalid(LegacyMessage.invalidFrom)
      from = raw
    }
    const rawTo = read(query, 'to')
    if (rawTo !== undefined) {
      if (isQueryArray(rawTo) || !isStrictIsoDate(rawTo)) throw invalid(LegacyMessage.invalidTo)
      to = rawTo
    }
    if (from > to) throw invalid(LegacyMessage.fromAfterTo)
    if (daysBetween(from, to) > MAX_RANGE_DAYS) throw invalid(LegacyMessage.rangeTooLong)
  }

  let advertiserId: string | null = null
  if (reads.has('advertiser_id')) {
    const raw = read(query, 'advertiser_id')
    if (raw !== undefined) {
      if (isQueryArray(raw) || !/^\d+$/.test(raw) || /^0+$/.test(raw))
        throw invalid(LegacyMessage.invalidAdvertiserId)
      advertiserId = raw.replace(/^0+/, '')
    }
  }

  let dataConnector: 1 | 2 = 1
  if (reads.has('data_connector')) {
    if (version === '2.0') {
      dataConnector = 2
    } else {
      const raw = read(query, 'data_connector')
      if (raw !== undefined) {
        if (raw !== '1' && raw !== '2') throw invalid(LegacyMessage.invalidDataConnector)
        dataConnector = raw === '2' ? 2 : 1
      }
    }
  }

  let removeZeros = false
  if (reads.has('removeZeros')) {
    const raw = read(query, 'removeZeros')
    removeZeros = typeof raw === 'string' && phpBoolean(raw)
  }

  return { version, params: { from, to, advertiserId, removeZeros, dataConnector } }
}
