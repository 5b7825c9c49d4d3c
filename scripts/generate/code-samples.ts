// The published spec (/openapi.yaml, /docs) = the bundle plus `x-codeSamples` on every
// operation: a curl line and the SDK call, written here from the SDK's own method table
// (sdk/src/endpoints.ts) so a renamed method changes every sample. Not written into spec/:
// samples are derived, and spec/ is prose and contract only.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { dump } from 'js-yaml'
import { ENDPOINT_METHODS, type Endpoint } from '../../sdk/src/endpoints.ts'
import type { OpenApiDocument } from './bundle.ts'

export const SDK_PACKAGE = '@adventive/public-api-client'

export interface CodeSample {
  lang: string
  label: string
  source: string
}

interface Operation {
  security?: unknown[]
  parameters?: ({ $ref: string } | Parameter)[]
  [key: string]: unknown
}
interface Parameter {
  name: string
  in: string
  example?: unknown
}

/** `#/components/parameters/From` → that object of the document. */
function resolve<T>(document: OpenApiDocument, value: T | { $ref: string }): T {
  if (value === null || typeof value !== 'object' || !('$ref' in value)) return value as T
  const found = value.$ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], document)
  if (found === undefined) throw new Error(`code samples: unresolved ${value.$ref}`)
  return found as T
}

/** The parameters a sample sends: the dates, with the spec's example values. */
function sampleQuery(document: OpenApiDocument, operation: Operation): [string, string][] {
  const parameters = (operation.parameters ?? []).map((p) => resolve<Parameter>(document, p))
  return parameters
    .filter((p) => p.in === 'query' && (p.name === 'from' || p.name === 'to'))
    .map((p) => [p.name, String(p.example)])
}

function curlSample(baseUrl: string, path: string, query: [string, string][], secured: boolean): string {
  const search = query.length > 0 ? `?${query.map(([k, v]) => `${k}=${v}`).join('&')}` : ''
  const lines = [`curl '${baseUrl}${path}${search}'`]
  if (secured) {
    lines.push(`  -H "X-Integration-Key: $ADVENTIVE_INTEGRATION_KEY"`, `  -H "X-Api-Key: $ADVENTIVE_API_KEY"`)
  }
  return lines.join(' \\\n')
}

/** The method call for a legacy path: `/v2.0/analytics` → `api.analytics({ …, version: '2.0' })`. */
function sdkCall(path: string, query: [string, string][]): string | null {
  const match = /^(?:\/v(1\.0|2\.0))?\/([a-z]+)$/.exec(path)
  const endpoint = match?.[2] as Endpoint | undefined
  if (!match || !endpoint || !(endpoint in ENDPOINT_METHODS)) return null
  const args = query.map(([name, value]) => `${name}: '${value}'`)
  if (endpoint === 'analytics' && match[1] === '2.0') args.push(`version: '2.0'`)
  if (endpoint === 'dataconnector' && match[1] === '2.0') args.push('dataConnector: 2')
  return `api.${ENDPOINT_METHODS[endpoint]}(${args.length > 0 ? `{ ${args.join(', ')} }` : ''})`
}

function sdkSample(path: string, query: [string, string][]): string {
  const setup = [
    `import { createClient } from '${SDK_PACKAGE}'`,
    '',
    'const api = createClient({',
    '  integrationKey: process.env.ADVENTIVE_INTEGRATION_KEY!,',
    '  apiKey: process.env.ADVENTIVE_API_KEY!,',
    '})',
    '',
  ]
  const call = sdkCall(path, query)
  if (call === null) {
    // The service routes have no method of their own: the typed openapi-fetch client reaches them.
    const parseAs = path === '/__health' ? '' : `, { parseAs: 'text' }`
    return [...setup, `const { data } = await api.raw.GET('${path}'${parseAs})`, ''].join('\n')
  }
  return [
    ...setup,
    `const data = await ${call}`,
    `// add format: 'xml' for the XML text, format: 'csv' for the CSV rows (decoded from UTF-16LE)`,
    '',
  ].join('\n')
}

export function codeSamples(document: OpenApiDocument, path: string, operation: Operation): CodeSample[] {
  const baseUrl = document.servers?.[0]?.url ?? 'https://api.adventive.com'
  const query = sampleQuery(document, operation)
  const secured = (operation.security ?? document.security ?? []).length > 0
  return [
    { lang: 'Shell', label: 'curl', source: curlSample(baseUrl, path, query, secured) },
    { lang: 'TypeScript', label: 'SDK', source: sdkSample(path, query) },
  ]
}

/** The bundle with samples on every operation, as the YAML the Worker serves and a file for Redoc. */
export function publishedSpec(document: OpenApiDocument, workDir: string): { yaml: string; file: string } {
  const published = structuredClone(document)
  for (const [path, item] of Object.entries(published.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if (method !== 'get') continue
      const op = operation as Operation
      op['x-codeSamples'] = codeSamples(published, path, op)
    }
  }
  const yaml = dump(published, { lineWidth: -1, noRefs: true })
  const file = join(workDir, 'openapi.published.yaml')
  writeFileSync(file, yaml)
  return { yaml, file }
}
