// How the legacy app matched paths: on the raw path (no percent-decoding),
// case-sensitively, ignoring empty segments (`/analytics/` and
// `//v2.0//analytics` are the clean paths), with an optional /v1.0 or /v2.0
// prefix. Anything else is an unknown method (404).
import type { ApiVersion, Endpoint } from '../handlers/types.ts'

export const ENDPOINTS: readonly Endpoint[] = [
  'credentialscheck',
  'advertisers',
  'campaigns',
  'analytics',
  'clickthroughs',
  'connector',
  'dataconnector',
]

/** A path no route matches: raw paths holding a percent sign never matched a legacy route. */
export const UNROUTABLE_PATH = '/.unroutable'

/** The clean path the router sees. */
export function normalizePath(rawPath: string): string {
  if (rawPath.includes('%')) return UNROUTABLE_PATH
  const segments = rawPath.split('/').filter((s) => s !== '')
  return '/' + segments.join('/')
}

/** The version a clean path carries in its prefix, if any. */
export function pathVersion(cleanPath: string): ApiVersion | null {
  const m = /^\/v(1\.0|2\.0)\//.exec(cleanPath)
  return m ? (m[1] as ApiVersion) : null
}
