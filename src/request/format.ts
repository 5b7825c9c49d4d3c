// The legacy `format` parameter, as REST_Controller detected it.
import type { RequestedFormat } from '../domain/vocabulary.ts'
import { isQueryArray, type PhpQuery } from './php-query.ts'

const KNOWN_FORMATS = new Set<string>(['json', 'xml', 'csv', 'php', 'serialized'])

/**
 * json, xml, csv, php, serialized in any case; anything else (absent, empty,
 * an array `format[]=`, unknown) falls back to json.
 */
export function resolveFormat(query: PhpQuery): RequestedFormat {
  const raw = query.get('format')
  if (raw === undefined || isQueryArray(raw)) return 'json'
  const lower = raw.toLowerCase()
  return KNOWN_FORMATS.has(lower) ? (lower as RequestedFormat) : 'json'
}
