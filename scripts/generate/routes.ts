// generated/routes.ts: @hono/zod-openapi createRoute definitions via hono-takibi
// (decisions/2026-11-27-code-generation.md). Examples are stripped first: the Worker serves
// the full spec at /openapi.yaml, so its emitted document and bundle need not carry them.
import { zodOpenAPIHono } from 'hono-takibi/zod-openapi-hono'
import type { OpenApiDocument } from './bundle.ts'
import { formatTypeScript } from './header.ts'

function withoutExamples(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutExamples)
  if (value === null || typeof value !== 'object') return value
  const kept = Object.entries(value).filter(([key]) => key !== 'examples' && key !== 'example')
  return Object.fromEntries(kept.map(([key, inner]) => [key, withoutExamples(inner)]))
}

export async function generateRoutes(document: OpenApiDocument): Promise<string> {
  const spec = withoutExamples(document) as Parameters<typeof zodOpenAPIHono>[0]
  const code = zodOpenAPIHono(spec, {
    readonly: true,
    exportSchemas: false,
    exportSchemasTypes: false,
    exportResponses: false,
    exportParameters: false,
    exportParametersTypes: false,
    exportExamples: false,
    exportRequestBodies: false,
    exportHeaders: false,
    exportHeadersTypes: false,
    exportSecuritySchemes: true,
    exportLinks: false,
    exportCallbacks: false,
    exportPathItems: false,
    exportMediaTypes: false,
    exportMediaTypesTypes: false,
  })
  return formatTypeScript(code)
}
