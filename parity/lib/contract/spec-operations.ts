// The operations of openapi.yaml, bundled and dereferenced by Redocly, in the
// shape the fuzzer needs: method, path, query parameters with their schemas,
// whether credentials are required, and per status the declared content types
// with their schemas.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export type JsonSchema = Record<string, unknown>

export interface SpecParameter {
  name: string
  required: boolean
  schema: JsonSchema
  examples: string[]
}

export interface SpecOperation {
  method: string
  path: string
  operationId: string
  secured: boolean
  parameters: SpecParameter[]
  /** status code → content type (lower case) → schema (or null when none is declared) */
  responses: Record<string, Record<string, JsonSchema | null>>
}

interface RawOperation {
  operationId: string
  security?: unknown[]
  parameters?: {
    name: string
    in: string
    required?: boolean
    schema?: JsonSchema
    example?: unknown
    examples?: Record<string, { value: unknown }>
  }[]
  responses: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>
}
interface RawSpec {
  security?: unknown[]
  paths: Record<string, Record<string, RawOperation>>
}

const ROOT = join(import.meta.dirname, '../../../')

/** Runs `redocly bundle --dereferenced` on openapi.yaml and returns the JSON document. */
export function bundleSpec(specFile = join(ROOT, 'openapi.yaml')): RawSpec {
  const dir = mkdtempSync(join(tmpdir(), 'fuzz-spec-'))
  try {
    const out = join(dir, 'openapi.json')
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'node_modules/@redocly/cli/bin/cli.js'),
        'bundle',
        specFile,
        '--dereferenced',
        '--ext',
        'json',
        '-o',
        out,
      ],
      {
        cwd: ROOT,
        stdio: 'pipe',
        env: { ...process.env, REDOCLY_TELEMETRY: 'off' },
      },
    )
    return JSON.parse(readFileSync(out, 'utf8')) as RawSpec
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

export function operationsOf(spec: RawSpec): SpecOperation[] {
  const operations: SpecOperation[] = []
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.includes(method)) continue
      const security = op.security ?? spec.security ?? []
      const responses: SpecOperation['responses'] = {}
      for (const [status, response] of Object.entries(op.responses)) {
        responses[status] = {}
        for (const [type, media] of Object.entries(response.content ?? {}))
          responses[status][type.toLowerCase()] = media.schema ?? null
      }
      operations.push({
        method: method.toUpperCase(),
        path,
        operationId: op.operationId,
        secured: security.length > 0,
        parameters: (op.parameters ?? [])
          .filter((p) => p.in === 'query')
          .map((p) => ({
            name: p.name,
            required: p.required ?? false,
            schema: p.schema ?? {},
            examples: [p.example, ...Object.values(p.examples ?? {}).map((e) => e.value)]
              .filter((v) => v !== undefined)
              .map(String),
          })),
        responses,
      })
    }
  }
  return operations
}
