// The part of an OpenAPI document that the spec and the Worker's own route definitions
// must agree on: operations, their parameters and security, and their responses.
// Both documents go through the same normalisation, $refs resolved.

type Json = Record<string, unknown>

interface ParameterShape {
  name: string
  in: string
  required: boolean
  type: unknown
  pattern: unknown
  enum: unknown
}

export interface OperationShape {
  operationId: unknown
  parameters: ParameterShape[]
  security: unknown
  /** status → sorted content types and header names. */
  responses: Record<string, { content: string[]; headers: string[] }>
}

function resolve(document: Json, value: unknown): Json {
  let current = value as Json
  while (typeof current.$ref === 'string') {
    const pointer = current.$ref.replace(/^#\//, '').split('/')
    current = pointer.reduce<unknown>((node, key) => (node as Json)[key], document) as Json
  }
  return current
}

function parameterShape(document: Json, raw: unknown): ParameterShape {
  const parameter = resolve(document, raw)
  const schema = resolve(document, parameter.schema ?? {})
  return {
    name: String(parameter.name),
    in: String(parameter.in),
    required: parameter.required === true,
    type: schema.type,
    pattern: schema.pattern,
    enum: schema.enum,
  }
}

/** "get /v2.0/analytics" → its shape. */
export function contractShape(document: Json): Record<string, OperationShape> {
  const shapes: Record<string, OperationShape> = {}
  for (const [path, item] of Object.entries(document.paths as Json)) {
    for (const [method, raw] of Object.entries(resolve(document, item))) {
      const operation = raw as Json
      const responses = Object.entries((operation.responses ?? {}) as Json).map(([status, raw]) => {
        const response = resolve(document, raw)
        const keys = (member: unknown) => Object.keys((member ?? {}) as Json).sort()
        return [status, { content: keys(response.content), headers: keys(response.headers) }]
      })
      shapes[`${method} ${path}`] = {
        operationId: operation.operationId,
        parameters: ((operation.parameters ?? []) as unknown[])
          .map((p) => parameterShape(document, p))
          .sort((a, b) => `${a.in}:${a.name}`.localeCompare(`${b.in}:${b.name}`)),
        security: operation.security ?? document.security,
        responses: Object.fromEntries(responses),
      }
    }
  }
  return shapes
}
