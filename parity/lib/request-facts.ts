// What a recorded request is about, read the way the legacy API reads it:
// endpoint and version from the path (empty segments ignored) or the
// `version` parameter, the format from `format`, the credentials from the two
// headers. The matrix, the deviation check and the report notes use it.
import type { RecordedRequest } from './fixture-types.ts'
import { LEGACY_ROUTES } from '../../generated/routes.ts'
import { ENDPOINTS } from '../../src/endpoints/registry.ts'
import { resolveFormat } from '../../src/request/format.ts'
import { normalizePath } from '../../src/request/path.ts'
import { parsePhpQuery } from '../../src/request/php-query.ts'

/** Endpoints whose default dates follow the clock: the ones that read `from`. */
const DATED = new Set<string>(
  ENDPOINTS.filter((e) => (e.params as readonly string[]).includes('from')).map((e) => e.name),
)

/** The value PHP's $_GET kept for a plain parameter; null when absent, empty or an array. */
export function queryParam(query: string, name: string): string | null {
  const value = parsePhpQuery(query).get(name)
  return typeof value === 'string' && value !== '' ? value : null
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
  const route = LEGACY_ROUTES.find((r) => r.path === normalizePath(request.path))
  const prefix = route?.version ?? null
  const endpoint = request.method !== 'GET' ? `(${request.method})` : (route?.endpoint ?? '(unknown path)')
  const versionParam = queryParam(request.query, 'version')
  const version = prefix
    ? prefix
    : versionParam === null
      ? '1.0'
      : versionParam === '1.0' || versionParam === '2.0'
        ? versionParam
        : 'invalid'
  return {
    endpoint,
    version,
    format: resolveFormat(parsePhpQuery(request.query)),
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
