// The spec (openapi.yaml, bundled into generated/) and the Worker's emitted document
// (@hono/zod-openapi from generated/routes.ts) must describe the same API: if either is
// edited alone, these fail.
import { load } from 'js-yaml'
import { describe, expect, it } from 'vitest'
import { openApiYaml } from '../../generated/openapi-document.ts'
import { buildOpenApiDocument, endpointOf, legacyRoutes } from '../../src/routes.ts'
import { contractShape } from './contract-shape.ts'
import { ENDPOINTS } from '../../src/lib/routing.ts'

type Json = Record<string, unknown>

const spec = load(openApiYaml) as Json
const emitted = buildOpenApiDocument() as unknown as Json
const specShape = contractShape(spec)
const emittedShape = contractShape(emitted)

describe('the Worker’s emitted OpenAPI document', () => {
  it('is an OpenAPI 3.1 document with the spec’s title and version', () => {
    expect(emitted.openapi).toBe('3.1.0')
    expect(emitted.info).toEqual({ title: (spec.info as Json).title, version: (spec.info as Json).version })
  })

  it('has exactly the spec’s operations (method, path, operationId)', () => {
    const ids = (shape: typeof specShape) =>
      Object.entries(shape)
        .map(([key, op]) => `${key} ${String(op.operationId)}`)
        .sort()
    expect(ids(emittedShape)).toEqual(ids(specShape))
    expect(Object.keys(specShape)).toHaveLength(24)
  })

  it('gives every operation the spec’s parameters: name, place, required, type, pattern and enum', () => {
    for (const key of Object.keys(specShape)) {
      expect(emittedShape[key]?.parameters, key).toEqual(specShape[key]?.parameters)
    }
  })

  it('gives every operation the spec’s response statuses, content types and headers', () => {
    for (const key of Object.keys(specShape)) {
      expect(emittedShape[key]?.responses, key).toEqual(specShape[key]?.responses)
    }
  })

  it('requires both API key headers on the legacy operations and none on the service routes', () => {
    for (const key of Object.keys(specShape)) {
      expect(emittedShape[key]?.security, key).toEqual(specShape[key]?.security)
    }
    expect(specShape['get /v2.0/analytics']?.security).toEqual([{ ApiKey: [], IntegrationKey: [] }])
    expect(specShape['get /__health']?.security).toEqual([])
    expect((emitted.components as Json).securitySchemes).toEqual((spec.components as Json).securitySchemes)
  })

  it('notices a difference: a spec without one parameter no longer matches', () => {
    const edited = structuredClone(spec)
    const analytics = ((edited.paths as Json)['/analytics'] as Json).get as Json
    analytics.parameters = (analytics.parameters as unknown[]).slice(1)
    expect(contractShape(edited)['get /analytics']?.parameters).not.toEqual(
      emittedShape['get /analytics']?.parameters,
    )
  })
})

describe('the legacy routes', () => {
  it('cover every endpoint at its bare, /v1.0 and /v2.0 path', () => {
    const paths = legacyRoutes.map((route) => route.path).sort()
    const endpoints = [...ENDPOINTS].sort()
    expect(paths).toEqual(endpoints.flatMap((e) => [`/${e}`, `/v1.0/${e}`, `/v2.0/${e}`]).sort())
    expect(legacyRoutes.map(endpointOf).sort()).toEqual(endpoints.flatMap((e) => [e, e, e]).sort())
  })

  it('read version only on bare paths and data_connector only where the version can be 1.0', () => {
    const names = (key: string) => specShape[key]?.parameters.map((p) => p.name).sort()
    expect(names('get /analytics')).toEqual([
      'advertiser_id',
      'format',
      'from',
      'removeZeros',
      'to',
      'version',
    ])
    expect(names('get /v1.0/analytics')).toEqual(['advertiser_id', 'format', 'from', 'removeZeros', 'to'])
    expect(names('get /v2.0/dataconnector')).toEqual(['format', 'from', 'to'])
    expect(names('get /v1.0/dataconnector')).toEqual(['data_connector', 'format', 'from', 'to'])
    expect(names('get /credentialscheck')).toEqual(['format'])
  })

  it('carry the legacy rules into the Worker’s own parameter schemas', () => {
    const parameter = (name: string) =>
      emittedShape['get /analytics']?.parameters.find((p) => p.name === name)
    expect(parameter('from')).toEqual({
      name: 'from',
      in: 'query',
      required: false,
      type: 'string',
      pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$',
      enum: undefined,
    })
    expect(parameter('advertiser_id')?.pattern).toBe('^0*[1-9][0-9]*$')
    expect(parameter('version')?.enum).toEqual(['1.0', '2.0'])
    expect(emittedShape['get /v2.0/analytics']?.responses['200']).toEqual({
      content: [
        'application/csv; charset=utf-8',
        'application/json; charset=utf-8',
        'application/xml; charset=utf-8',
      ],
      headers: ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'X-Request-Id'],
    })
    expect(emittedShape['get /v2.0/analytics']?.responses['429']?.headers).toContain('Retry-After')
    expect(emittedShape['get /v2.0/analytics']?.responses['401']?.headers).toEqual(['X-Request-Id'])
    expect(Object.keys(emittedShape['get /analytics']?.responses ?? {})).toEqual([
      '200',
      '400',
      '401',
      '404',
      '410',
      '429',
      '503',
      '504',
    ])
  })
})
