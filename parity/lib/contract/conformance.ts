// Judges one response against the operation's contract: a status the spec
// lists, no 5xx, a declared content type, and a JSON body that validates
// against the declared schema.
import Ajv2020 from 'ajv/dist/2020.js'
import type { JsonSchema, SpecOperation } from './spec-operations.ts'

export interface Observed {
  status: number
  contentType: string
  body: Uint8Array
}

const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: false })
const compiled = new Map<JsonSchema, ReturnType<typeof ajv.compile>>()

function validatorFor(schema: JsonSchema) {
  let validate = compiled.get(schema)
  if (!validate) {
    validate = ajv.compile(schema)
    compiled.set(schema, validate)
  }
  return validate
}

/** Problems with the response; empty when it honours the contract. */
export function violations(operation: SpecOperation, observed: Observed): string[] {
  const problems: string[] = []
  if (observed.status >= 500) problems.push(`server error ${observed.status}`)
  const declared = operation.responses[String(observed.status)] ?? operation.responses['default']
  if (!declared) {
    problems.push(
      `status ${observed.status} is not one the spec lists (${Object.keys(operation.responses).join(', ')})`,
    )
    return problems
  }
  const types = Object.keys(declared)
  if (types.length === 0) return problems
  const type = observed.contentType.toLowerCase().replace(/\s*;\s*/g, '; ')
  if (!(type in declared)) {
    problems.push(
      `content type "${observed.contentType}" is not declared for ${observed.status} (${types.join(', ')})`,
    )
    return problems
  }
  const schema = declared[type]
  if (schema && type.startsWith('application/json')) {
    let body: unknown
    try {
      body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(observed.body))
    } catch (error) {
      problems.push(`body is not JSON: ${(error as Error).message}`)
      return problems
    }
    const validate = validatorFor(schema)
    if (!validate(body)) {
      const e = validate.errors?.[0]
      problems.push(`body violates the schema at ${e?.instancePath || '/'}: ${e?.message ?? 'invalid'}`)
    }
  }
  return problems
}
