// /openapi.yaml and /docs: the contract and its Redoc page, both generated from
// openapi.yaml at build time and served from the Worker itself (no CDN).
import type { Context } from 'hono'
import { docsHtml } from '../../generated/docs-html.ts'
import { openApiYaml } from '../../generated/openapi-document.ts'

// Both change only with a deploy; a short cache keeps edges fresh after one.
const cacheControl = 'public, max-age=300'

export function serveOpenApiYaml(c: Context): Response {
  return c.body(openApiYaml, 200, {
    'Content-Type': 'application/yaml; charset=utf-8',
    'Cache-Control': cacheControl,
  })
}

export function serveDocs(c: Context): Response {
  return c.body(docsHtml, 200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': cacheControl })
}
