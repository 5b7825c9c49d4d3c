// /openapi.yaml and /docs: the contract and its Redoc page, both generated from
// openapi.yaml at build time and served by the Worker itself (no CDN): the spec
// from the script, the 2.7 MiB page from the Worker's static assets.
import type { Context } from 'hono'
import type { AppEnv } from '../lib/context.ts'
import { openApiYaml } from '../../generated/openapi-document.ts'

// Both change only with a deploy; a short cache keeps edges fresh after one.
const cacheControl = 'public, max-age=300'

// The Redoc page is self-contained (inline script and styles); the policy makes
// sure the browser fetches nothing from anywhere else — Redoc's bundled
// "powered by" logo points at a third-party CDN — and that the page's search
// worker (a blob: URL) still runs.
const docsContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

export function serveOpenApiYaml(c: Context): Response {
  return c.body(openApiYaml, 200, {
    'Content-Type': 'application/yaml; charset=utf-8',
    'Cache-Control': cacheControl,
  })
}

/** The generated page's path inside the assets directory (generated/docs/). */
const DOCS_ASSET = '/docs.html'

export async function serveDocs(c: Context<AppEnv>): Promise<Response> {
  const asset = await c.env.ASSETS.fetch(new URL(DOCS_ASSET, c.req.url))
  if (!asset.ok) throw new Error(`docs asset ${DOCS_ASSET} answered ${asset.status}`)
  return new Response(asset.body, {
    status: 200,
    headers: {
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': cacheControl,
      'Content-Security-Policy': docsContentSecurityPolicy,
    },
  })
}
