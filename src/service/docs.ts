// /openapi.yaml and /docs: the contract and its Redoc page, both generated from
// openapi.yaml at build time and served by the Worker itself (no CDN), from
// its static assets: neither is part of the script the Worker starts with.

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

/** An asset of generated/docs/ with the headers it is served with. */
async function serveAsset(
  assets: Fetcher,
  requestUrl: string,
  path: string,
  headers: Record<string, string>,
) {
  const asset = await assets.fetch(new URL(path, requestUrl))
  if (!asset.ok) throw new Error(`asset ${path} answered ${asset.status}`)
  return new Response(asset.body, { status: 200, headers: { ...headers, 'Cache-Control': cacheControl } })
}

export function serveOpenApiYaml(assets: Fetcher, requestUrl: string): Promise<Response> {
  return serveAsset(assets, requestUrl, '/openapi.yaml', {
    'Content-Type': 'application/yaml; charset=utf-8',
  })
}

export function serveDocs(assets: Fetcher, requestUrl: string): Promise<Response> {
  return serveAsset(assets, requestUrl, '/docs.html', {
    'Content-Type': 'text/html; charset=utf-8',
    'Content-Security-Policy': docsContentSecurityPolicy,
  })
}
