// What a recorded request is about, read the way the legacy API reads it:
// endpoint and version from the path (empty segments ignored) or the
// `version` parameter, the format from `format`, the credentials from the two
// headers. The matrix, the deviation check and the report notes use it.
import type { RecordedRequest } from './fixture-types.ts'
import { ENDPOINTS } from '../../src/lib/routing.ts'

const VERSION_PREFIXES = new Set(['v1.0', 'v2.0'])
const FORMATS = new Set(['json', 'xml', 'csv', 'php', 'serialized'])
/** Endpoints whose default dates follow the clock. */
const DATED = new Set(['analytics', 'clickthroughs', 'connector', 'dataconnector'])

function decodeComponent(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '))
  } catch {
    return raw
  }
}

/** The last value of a plain (non-array) parameter, PHP `$_GET` style; null when absent or empty. */
export function queryParam(query: string, name: string): string | null {
  let value: string | null = null
  for (const pair of query.split('&')) {
    if (pair === '') continue
    const eq = pair.indexOf('=')
    const key = decodeComponent(eq < 0 ? pair : pair.slice(0, eq))
    if (key === name) value = decodeComponent(eq < 0 ? '' : pair.slice(eq + 1))
  }
  return value === '' ? null : value
}

export function headerValue(headers: Record<string, string>, name: string): string | undefined {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name.toLowerCase())
  return key === undefined ? undefined : headers[key]
}

export function hasCredentials(request: RecordedRequest): boolean {
  return (
    Boolean(headerValue(request.headers, 'X-Api-Key')) &&
    Boolean(headerValue(request.headers, 'X-Integration-Key'))
  )
}

export interface RequestFacts {
  endpoint: string
  version: string
  format: string
  credentials: 'present' | 'missing'
}

export function requestFacts(request: RecordedRequest): RequestFacts {
  const segments = request.path.split('/').filter((s) => s !== '')
  const prefixed = VERSION_PREFIXES.has(segments[0] ?? '')
  const rest = prefixed ? segments.slice(1) : segments
  const handler =
    rest.length === 1 && (ENDPOINTS as readonly string[]).includes(rest[0] ?? '') ? (rest[0] as string) : null
  const endpoint = request.method !== 'GET' ? `(${request.method})` : (handler ?? '(unknown path)')
  const versionParam = queryParam(request.query, 'version')
  const version = prefixed
    ? (segments[0] as string).slice(1)
    : versionParam === null
      ? '1.0'
      : versionParam === '1.0' || versionParam === '2.0'
        ? versionParam
        : 'invalid'
  const format = queryParam(request.query, 'format')?.toLowerCase() ?? 'json'
  return {
    endpoint,
    version,
    format: FORMATS.has(format) ? format : 'json',
    credentials: hasCredentials(request) ? 'present' : 'missing',
  }
}

/** Whether the answer depends on "today" (a dated endpoint without both dates). */
export function dependsOnClock(request: RecordedRequest): boolean {
  const { endpoint } = requestFacts(request)
  return (
    DATED.has(endpoint) &&
    (queryParam(request.query, 'from') === null || queryParam(request.query, 'to') === null)
  )
}

/** The auth state a response shows, for the matrix. */
export function authState(facts: RequestFacts, status: number): string {
  if (facts.credentials === 'missing') return 'no credentials'
  if (status === 401) return 'invalid credentials'
  if (status === 429) return 'rate limited'
  return 'valid credentials'
}
