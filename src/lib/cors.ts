// CORS as the legacy REST server did it: exact-match origins from
// CORS_ALLOWED_ORIGINS, the same allowed-headers list byte for byte, and a
// 204 preflight that needs no credentials and is not counted. Anything else
// (another origin, no Origin) passes through untouched, so an OPTIONS from it
// ends as the app's 404 Unknown method.
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from './context.ts'

export const CORS_ALLOWED_HEADERS =
  'Origin, X-Requested-With, Content-Type, Accept, Access-Control-Request-Method, X-Api-Key, X-Integration-Key'
export const CORS_ALLOWED_METHODS = 'GET, OPTIONS'

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

export function corsMiddleware(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('Origin')
    if (origin === undefined || !allowedOrigins(c.env.CORS_ALLOWED_ORIGINS).includes(origin)) {
      await next()
      return
    }
    const headers = corsHeaders(origin)
    if (c.req.method === 'OPTIONS') return c.body(null, 204, headers)
    await next()
    // Error responses too: onError has already produced c.res by now.
    for (const [name, value] of Object.entries(headers)) c.res.headers.set(name, value)
  }
}
