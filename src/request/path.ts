// How the legacy app matched paths: on the raw path (no percent-decoding),
// case-sensitively, ignoring empty segments (`/analytics/` and
// `//v2.0//analytics` are the clean paths), with an optional /v1.0 or /v2.0
// prefix. Anything else is an unknown method (404).

/** A path no route matches: raw paths holding a percent sign never matched a legacy route. */
export const UNROUTABLE_PATH = '/.unroutable'

/** The clean path the router sees. */
export function normalizePath(rawPath: string): string {
  if (rawPath.includes('%')) return UNROUTABLE_PATH
  if (!rawPath.includes('//') && (rawPath.length === 1 || !rawPath.endsWith('/'))) return rawPath
  const segments = rawPath.split('/').filter((s) => s !== '')
  return '/' + segments.join('/')
}

/** Where the path of an absolute URL starts (after the scheme and authority); -1 when it has none. */
const pathStart = (url: string) => url.indexOf('/', url.indexOf('//') + 2)

/** The raw path of a request URL (before any decoding), without the query. */
export function rawPathOf(url: string): string {
  const start = pathStart(url)
  if (start === -1) return '/'
  const end = url.indexOf('?', start)
  const hash = url.indexOf('#', start)
  const stop = end === -1 ? (hash === -1 ? url.length : hash) : end
  return url.slice(start, stop)
}

/** Path and query of a request URL exactly as the client sent them (what the legacy passthrough forwards). */
export function rawPathAndQueryOf(url: string): string {
  const start = pathStart(url)
  return start === -1 ? '/' : url.slice(start)
}

/** The raw query string of a request URL (without `?`). */
export function rawQueryOf(url: string): string {
  const at = url.indexOf('?')
  if (at === -1) return ''
  const hash = url.indexOf('#', at)
  return url.slice(at + 1, hash === -1 ? url.length : hash)
}
