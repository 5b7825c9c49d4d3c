// The legacy app matched on the raw request line; Hono matches on a URL.
// Before routing, the URL is rewritten to the clean path (src/lib/routing.ts)
// and to one canonical value per query parameter (the one PHP kept), so
// Hono's router and the generated zod validators see what PHP saw. The raw
// query string is kept aside for the legacy parser.
import { canonicalQueryString, parsePhpQuery } from './lib/php-query.ts'
import { normalizePath } from './lib/routing.ts'

const rawQueries = new WeakMap<Request, string>()

export function normalizeRequest(request: Request): Request {
  const url = new URL(request.url)
  const rawQuery = url.search.startsWith('?') ? url.search.slice(1) : url.search
  url.pathname = normalizePath(url.pathname)
  url.search = canonicalQueryString(parsePhpQuery(rawQuery))
  const normalized = new Request(url.toString(), request)
  rawQueries.set(normalized, rawQuery)
  return normalized
}

/** The query string exactly as the client sent it. */
export function rawQueryOf(request: Request): string {
  if (rawQueries.has(request)) return rawQueries.get(request)!
  const search = new URL(request.url).search
  return search.startsWith('?') ? search.slice(1) : search
}
