// Every route of the contract, registered from generated/routes.ts (openapi.yaml →
// hono-takibi) so the Worker cannot serve a path the spec does not describe.
// The legacy endpoints hand every request to the pipeline (`serve`), whatever the
// zod validators think: the pipeline re-validates the raw PHP-parsed query in the
// legacy order with the legacy messages, so a zod failure must not answer by itself.
import { OpenAPIHono, type RouteConfig } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { openApiInfo, openApiSecurity } from '../generated/openapi-document.ts'
import * as generated from '../generated/routes.ts'
import { serveDocs, serveOpenApiYaml } from './docs/serve-docs.ts'
import type { Endpoint } from './handlers/types.ts'
import type { AppEnv } from './lib/context.ts'
import { ENDPOINTS } from './lib/routing.ts'

export type ServeEndpoint = (c: Context<AppEnv>, endpoint: Endpoint) => Promise<Response>

const serviceRoutes = [
  generated.getHealthRoute,
  generated.getOpenapiYamlRoute,
  generated.getDocsRoute,
] as const

/** The legacy routes: every generated route but the Worker's own service routes. */
export const legacyRoutes: readonly RouteConfig[] = Object.entries(generated)
  .filter(([name]) => name.endsWith('Route'))
  .map(([, route]) => route as RouteConfig)
  .filter((route) => !(serviceRoutes as readonly RouteConfig[]).includes(route))

/** `/analytics`, `/v1.0/analytics`, `/v2.0/analytics` → `analytics`. */
export function endpointOf(route: RouteConfig): Endpoint {
  const last = route.path.split('/').pop()
  const endpoint = ENDPOINTS.find((e) => e === last)
  if (!endpoint) throw new Error(`openapi.yaml path ${route.path} is not a legacy endpoint`)
  return endpoint
}

export function registerRoutes(app: OpenAPIHono<AppEnv>, serve: ServeEndpoint): void {
  for (const route of legacyRoutes) {
    const endpoint = endpointOf(route)
    app.openapi(
      route,
      (c) => serve(c, endpoint),
      (result, c) => (result.success ? undefined : serve(c, endpoint)),
    )
  }
  app.openapi(generated.getHealthRoute, (c) => c.json({ status: 'ok', commit: c.env.COMMIT_SHA }, 200))
  app.openapi(generated.getOpenapiYamlRoute, (c) => serveOpenApiYaml(c))
  app.openapi(generated.getDocsRoute, (c) => serveDocs(c))
  for (const [name, scheme] of Object.entries(securitySchemes)) {
    app.openAPIRegistry.registerComponent('securitySchemes', name, scheme)
  }
}

const securitySchemes = {
  ApiKey: generated.ApiKeySecurityScheme,
  IntegrationKey: generated.IntegrationKeySecurityScheme,
} as const

/** The OpenAPI 3.1 document the Worker's own route definitions describe (compared with openapi.yaml by tests). */
export function buildOpenApiDocument(): ReturnType<OpenAPIHono['getOpenAPI31Document']> {
  const app = new OpenAPIHono<AppEnv>()
  registerRoutes(app, async () => new Response(null, { status: 500 }))
  return app.getOpenAPI31Document({ openapi: '3.1.0', info: openApiInfo, security: openApiSecurity })
}
