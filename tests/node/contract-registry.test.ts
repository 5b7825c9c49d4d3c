// The endpoint registry (src/endpoints/registry.ts) and the contract
// (openapi.yaml, bundled into generated/docs/openapi.yaml; its legacy paths in
// generated/routes.ts) must describe the same API: an endpoint added, removed
// or given another parameter on one side only fails here.
import { readFileSync } from 'node:fs'
import { load } from 'js-yaml'
import { describe, expect, it } from 'vitest'
import { LEGACY_ROUTES } from '../../generated/routes.ts'
import { ENDPOINTS, endpointNamed } from '../../src/endpoints/registry.ts'

type Json = Record<string, unknown>

const spec = load(readFileSync(new URL('../../generated/docs/openapi.yaml', import.meta.url), 'utf8')) as Json
const paths = spec.paths as Record<string, { get: Json }>

function resolve(value: unknown): Json {
  let current = value as Json
  while (typeof current.$ref === 'string') {
    const pointer = current.$ref.replace(/^#\//, '').split('/')
    current = pointer.reduce<unknown>((node, key) => (node as Json)[key], spec) as Json
  }
  return current
}

/** The query parameter names the spec lists for a path, sorted. */
function specQuery(path: string): string[] {
  const parameters = (paths[path]?.get.parameters ?? []) as unknown[]
  return parameters
    .map(resolve)
    .filter((p) => p.in === 'query')
    .map((p) => String(p.name))
    .sort()
}

/** What the endpoint reads at a path, as the spec must list it. */
function expectedQuery(endpointName: string, version: string | null): string[] {
  const endpoint = endpointNamed(endpointName)!
  return [...endpoint.params, 'format']
    .filter((name) => !(version !== null && name === 'version'))
    .filter((name) => !(version === '2.0' && endpointName === 'dataconnector' && name === 'data_connector'))
    .sort()
}

const legacyPaths = Object.keys(paths).filter((p) => !['/__health', '/openapi.yaml', '/docs'].includes(p))

describe('the registry and the contract', () => {
  it('map every legacy path of the spec to a registry endpoint, and only those', () => {
    expect(LEGACY_ROUTES.map((r) => r.path).sort()).toEqual([...legacyPaths].sort())
    for (const route of LEGACY_ROUTES) expect(endpointNamed(route.endpoint), route.path).toBeDefined()
  })

  it('give every endpoint its bare, /v1.0 and /v2.0 path', () => {
    const names = ENDPOINTS.map((e) => e.name)
    expect(LEGACY_ROUTES.map((r) => `${r.version ?? ''} ${r.path} ${r.endpoint}`).sort()).toEqual(
      names.flatMap((n) => [` /${n} ${n}`, `1.0 /v1.0/${n} ${n}`, `2.0 /v2.0/${n} ${n}`]).sort(),
    )
  })

  it('list as query parameters exactly what the endpoint reads, plus format', () => {
    for (const route of LEGACY_ROUTES) {
      expect(specQuery(route.path), route.path).toEqual(expectedQuery(route.endpoint, route.version))
      expect([...route.query].sort(), route.path).toEqual(specQuery(route.path))
    }
  })

  it('read version only on bare paths and data_connector only where the version can be 1.0', () => {
    expect(specQuery('/analytics')).toEqual([
      'advertiser_id',
      'format',
      'from',
      'removeZeros',
      'to',
      'version',
    ])
    expect(specQuery('/v1.0/analytics')).toEqual(['advertiser_id', 'format', 'from', 'removeZeros', 'to'])
    expect(specQuery('/v2.0/dataconnector')).toEqual(['format', 'from', 'to'])
    expect(specQuery('/v1.0/dataconnector')).toEqual(['data_connector', 'format', 'from', 'to'])
    expect(specQuery('/credentialscheck')).toEqual(['format'])
  })

  it('notices a difference: an endpoint reading one more parameter no longer matches its paths', () => {
    const analytics = endpointNamed('analytics')!
    const widened = [...analytics.params, 'data_connector', 'format'].sort()
    expect(specQuery('/analytics')).not.toEqual(widened)
  })

  it('document the legacy answers and the Worker’s deviations on every legacy path', () => {
    for (const path of legacyPaths) {
      const responses = paths[path]!.get.responses as Json
      const statuses = Object.keys(responses)
      for (const status of ['200', '401', '410', '429', '503']) expect(statuses, path).toContain(status)
      // Only /credentialscheck never waits on the database (so never answers 504).
      expect(statuses.includes('504'), path).toBe(!path.endsWith('/credentialscheck'))
      const headers = (status: string) => Object.keys((resolve(responses[status]).headers ?? {}) as Json)
      expect(headers('429'), path).toContain('Retry-After')
      expect(headers('200'), path).toEqual(
        expect.arrayContaining(['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset']),
      )
    }
  })

  it('require both API key headers on the legacy operations and none on the service routes', () => {
    const security = (path: string) => paths[path]!.get.security ?? spec.security
    for (const path of legacyPaths) expect(security(path), path).toEqual([{ ApiKey: [], IntegrationKey: [] }])
    for (const path of ['/__health', '/openapi.yaml', '/docs']) expect(security(path), path).toEqual([])
  })
})
