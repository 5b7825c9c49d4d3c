// The Worker serves its contract and docs from its static assets, and the
// generated routes only route: invalid input gets the legacy pipeline's answer.
import { exports } from 'cloudflare:workers'
import { beforeAll, describe, expect, it } from 'vitest'
import openApiYaml from '../../generated/docs/openapi.yaml?raw'

const get = (path: string, headers: Record<string, string> = {}) =>
  exports.default.fetch(`http://api.test${path}`, { headers })

// The first request loads the Worker; keep that out of the tests' budgets.
beforeAll(async () => {
  await get('/__health')
}, 30_000)

describe('GET /openapi.yaml', () => {
  it('serves the bundled openapi.yaml as YAML', async () => {
    const res = await get('/openapi.yaml')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/yaml; charset=utf-8')
    const body = await res.text()
    expect(body).toBe(openApiYaml)
    expect(body).toMatch(/^openapi: 3\.1\.0\n/)
    expect(res.headers.get('cache-control')).toBe('public, max-age=300')
  })
})

describe('GET /docs', () => {
  it('serves the Redoc page with its JavaScript inline (no CDN script)', async () => {
    const res = await get('/docs')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const html = await res.text()
    expect(html).toContain('<title>Adventive Public API</title>')
    expect(html).not.toMatch(/<script[^>]+src="https?:/)
    expect(html.length).toBeGreaterThan(1_000_000)
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'")
  })

  it('keeps the static asset itself unreachable: /docs.html is an unknown method', async () => {
    const res = await get('/docs.html')
    expect(res.status).toBe(404)
    expect(await res.text()).toBe('{"status":false,"error":"Unknown method"}')
  })
})

describe('the legacy routes (generated/routes.ts)', () => {
  it('leave an invalid parameter to the legacy pipeline (credentials are checked first)', async () => {
    const res = await get('/analytics?from=yesterday&advertiser_id=abc')
    expect(res.status).toBe(401)
    expect(await res.text()).toBe('{"status":false,"error":"Missing API credentials"}')
  })

  it('leave an invalid version on a bare path to the legacy pipeline, in the requested format', async () => {
    const res = await get('/advertisers?version=3.0&format=xml')
    expect(res.status).toBe(401)
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8')
  })

  it('keep /__health answering without credentials', async () => {
    const res = await get('/__health')
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('{"status":"ok","commit":"test-sha"}')
  })
})
