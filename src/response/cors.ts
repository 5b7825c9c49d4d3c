// CORS as the legacy REST server did it: exact-match origins from
// CORS_ALLOWED_ORIGINS, the same allowed-headers list byte for byte, and a
// 204 preflight that needs no credentials and is not counted. Anything else
// (another origin, no Origin) passes through untouched, so an OPTIONS from it
// ends as the app's 404 Unknown method.
// One deviation, in headers only (decisions/2026-11-27-legacy-request-handling.md): the
// answers to an allowed origin also carry Access-Control-Expose-Headers, so a browser app
// can read the rate-limit state and the request id that the Worker sends.
import type { MiddlewareHandler } from 'hono'

export const CORS_ALLOWED_HEADERS =
  'Origin, X-Requested-With, Content-Type, Accept, Access-Control-Request-Method, X-Api-Key, X-Integration-Key'
export const CORS_ALLOWED_METHODS = 'GET, OPTIONS'
/** Response headers a browser script may read besides the CORS-safelisted ones. */
export const CORS_EXPOSED_HEADERS =
  'X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After, X-Request-Id'

/** The configured origins (comma-separated; blanks around entries ignored). */
export function allowedOrigins(setting: string | undefined): string[] {
  return (setting ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter((o) => o !== '')
}

function corsHeaders(origin: string): Record<string, string> {
  return {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Headers': CORS_ALLOWED_HEADERS,
    'Access-Control-Allow-Methods': CORS_ALLOWED_METHODS,
    Vary: 'Origin',
  }
}

export function corsMiddleware(): MiddlewareHandler<{ Bindings: { CORS_ALLOWED_ORIGINS: string } }> {
  return async (c, next) => {
    const origin = c.req.header('Origin')
    if (origin === undefined || !allowedOrigins(c.env.CORS_ALLOWED_ORIGINS).includes(origin)) {
      await next()
      return
    }
    const headers = corsHeaders(origin)
    // The preflight stays exactly the legacy one: exposing headers only matters on the answer itself.
    if (c.req.method === 'OPTIONS') return c.body(null, 204, headers)
    await next()
    // Error responses too: onError has already produced c.res by now.
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value)
    c.res.headers.set('Access-Control-Expose-Headers', CORS_EXPOSED_HEADERS)
  }
}
