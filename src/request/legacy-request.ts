// The request as the legacy app saw it, read once at the entry and never
// changed: the clean path, $_GET as PHP built it from the raw query string,
// the requested format, and the request's instant. Every later step reads
// this; nothing parses the URL again.
import type { RequestedFormat, ResponseFormat } from '../domain/vocabulary.ts'
import { resolveFormat } from './format.ts'
import { normalizePath, rawPathOf, rawQueryOf } from './path.ts'
import { parsePhpQuery, type PhpQuery } from './php-query.ts'

export interface LegacyRequest {
  readonly method: string
  /** The path the router matches (path.ts): empty segments dropped, never percent-decoded. */
  readonly path: string
  /** $_GET (php-query.ts). */
  readonly query: PhpQuery
  /** What `format` asked for. */
  readonly requestedFormat: RequestedFormat
  /** The format answers render in: php/serialized requests get theirs (a 410, errors) in json. */
  readonly format: ResponseFormat
  /** The request's instant: date defaults, key expiry and the rate window all read it. */
  readonly now: Date
  readonly headers: Headers
  readonly requestId: string
  /** The original request (the legacy passthrough forwards it untouched). */
  readonly raw: Request
}

/** `path`: the clean path when the router has made it already (app.ts), so it is made once. */
export function readLegacyRequest(
  request: Request,
  now: Date,
  path = normalizePath(rawPathOf(request.url)),
): LegacyRequest {
  const query = parsePhpQuery(rawQueryOf(request.url))
  const requestedFormat = resolveFormat(query)
  return Object.freeze({
    method: request.method,
    path,
    query,
    requestedFormat,
    format: requestedFormat === 'php' || requestedFormat === 'serialized' ? 'json' : requestedFormat,
    now,
    headers: request.headers,
    requestId: request.headers.get('cf-ray') ?? crypto.randomUUID(),
    raw: request,
  })
}
