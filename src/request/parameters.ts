// The legacy parameter rules, in the legacy order of checks:
//   version → from → to → from after to → range → advertiser_id → data_connector
// (the ownership check, 404, comes after, in the pipeline). Each endpoint reads
// only its own parameters (endpoints/*.ts); others are ignored even when invalid.
// Input is $_GET as PHP built it (php-query.ts): an empty value counts as
// absent; an array value is invalid (or the default, for removeZeros).
import type { ApiVersion, LegacyParams, ParamName } from '../domain/vocabulary.ts'
import { LegacyError, LegacyMessage } from '../domain/legacy-error.ts'
import { addDays, daysBetween, isStrictIsoDate, newYorkDate } from './dates.ts'
import { isQueryArray, type PhpQuery } from './php-query.ts'

/** Longest allowed `to − from`, in days. */
export const MAX_RANGE_DAYS = 366
/** Default `from` is this many days before today (New York). */
export const DEFAULT_RANGE_DAYS = 30

const invalid = (message: string) => new LegacyError(400, message)

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
  params: readonly ParamName[],
  pathVersion: ApiVersion | null,
  query: PhpQuery,
  now: Date,
): ValidatedRequest {
  const reads = new Set(params)
  const version = resolveVersion(pathVersion, query, reads.has('version'))

  // Today in New York is only worked out when a date is left to its default.
  let today: string | undefined
  const newYorkToday = () => (today ??= newYorkDate(now))
  let from = ''
  let to = ''
  if (reads.has('from')) {
    const raw = read(query, 'from')
    if (raw !== undefined) {
      if (isQueryArray(raw) || !isStrictIsoDate(raw)) throw invalid(LegacyMessage.invalidFrom)
      from = raw
    } else {
      from = addDays(newYorkToday(), -DEFAULT_RANGE_DAYS)
    }
    const rawTo = read(query, 'to')
    if (rawTo !== undefined) {
      if (isQueryArray(rawTo) || !isStrictIsoDate(rawTo)) throw invalid(LegacyMessage.invalidTo)
      to = rawTo
    } else {
      to = newYorkToday()
    }
    if (from > to) throw invalid(LegacyMessage.fromAfterTo)
    if (daysBetween(from, to) > MAX_RANGE_DAYS) throw invalid(LegacyMessage.rangeTooLong)
  }

  let advertiserId: bigint | null = null
  if (reads.has('advertiser_id')) {
    const raw = read(query, 'advertiser_id')
    if (raw !== undefined) {
      // PHP's `(int) $v <= 0`: all zeros is 0, and so is a number too big for a
      // double (310 digits or more: INF, which (int) makes 0); anything else
      // too big for an int is capped and simply matches no advertiser.
      if (isQueryArray(raw) || !/^\d+$/.test(raw) || /^0+$/.test(raw) || Number(raw) === Infinity)
        throw invalid(LegacyMessage.invalidAdvertiserId)
      advertiserId = BigInt(raw)
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
