// generated/routes.ts: the route table of openapi.yaml — every GET path, its
// operationId, and for the legacy endpoints the endpoint name and the version
// the path carries. The Worker registers exactly these paths (src/app.ts),
// so it cannot serve a path the spec does not describe; which query
// parameters each endpoint reads is checked against the spec by a test
// (decisions/2026-11-27-code-generation.md). Plain data: no schema library
// runs at request time.
import type { OpenApiDocument } from './bundle.ts'
import { formatTypeScript } from './header.ts'

interface Parameter {
  name?: string
  in?: string
  $ref?: string
}

interface Operation {
  operationId?: string
  security?: unknown[]
  parameters?: Parameter[]
}

/** A parameter, its `#/components/parameters/…` reference followed. */
function resolve(document: OpenApiDocument, parameter: Parameter): Parameter {
  if (!parameter.$ref) return parameter
  const name = parameter.$ref.replace('#/components/parameters/', '')
  const target = document.components?.parameters?.[name] as Parameter | undefined
  if (!target) throw new Error(`openapi.yaml: unresolved parameter ${parameter.$ref}`)
  return resolve(document, target)
}

const LEGACY_PATH = /^\/(?:v(1\.0|2\.0)\/)?([a-z]+)$/

export async function generateRoutes(document: OpenApiDocument): Promise<string> {
  const legacy: {
    path: string
    operationId: string
    endpoint: string
    version: string | null
    query: string[]
  }[] = []
  const service: { path: string; operationId: string }[] = []
  for (const [path, item] of Object.entries(document.paths)) {
    const get = item.get as Operation | undefined
    if (!get?.operationId) throw new Error(`openapi.yaml: GET ${path} needs an operationId`)
    const match = LEGACY_PATH.exec(path)
    // Legacy operations are the ones that take the API key headers.
    const secured = (get.security ?? document.security ?? []).length > 0
    if (match && secured) {
      const query = (get.parameters ?? [])
        .map((p) => resolve(document, p))
        .filter((p) => p.in === 'query')
        .map((p) => p.name!)
      legacy.push({
        path,
        operationId: get.operationId,
        endpoint: match[2]!,
        version: match[1] ?? null,
        query,
      })
    } else {
      service.push({ path, operationId: get.operationId })
    }
  }
  return formatTypeScript(
    `/** The legacy endpoints' paths: endpoint name, the version the path carries, the query parameters the spec lists. */
export const LEGACY_ROUTES = ${JSON.stringify(legacy)} as const

/** The Worker's own service routes (no credentials). */
export const SERVICE_ROUTES = ${JSON.stringify(service)} as const
`,
  )
}
