// Requests generated from the spec: for every operation, valid values of each
// parameter (enum values, examples, values matching its pattern) and invalid
// ones (wrong shape, odd encodings, arrays, repeated names, unicode, 8 KB),
// plus credential variants (missing, one missing, wrong, odd header case).
// Deterministic: the same spec always gives the same cases.
import type { SpecOperation, SpecParameter } from '../../parity/lib/contract/spec-operations.ts'

export interface Credentials {
  integrationKey: string
  apiKey: string
}

export interface FuzzCase {
  operation: SpecOperation
  /** What the case probes, for failure messages. */
  label: string
  /** Raw path + query, sent as written (no re-encoding of odd sequences). */
  target: string
  headers: Record<string, string>
  /** Send the test hooks (pinned clock + fresh rate-limit namespace)? */
  hooks: boolean
}

const LONG = 'a'.repeat(8 * 1024)

/** Raw query-string fragments (already encoded as they go on the wire). */
const INVALID_VALUES = [
  '',
  'abc',
  '0',
  '-5',
  '+5',
  '%2B5',
  '1.5',
  '2024-02-30',
  '2024-1-05',
  '2024-01-01T00:00:00',
  '9999999999999999999999',
  '%00',
  '%ZZ',
  '%',
  '+',
  '%20',
  'x%00y',
  '%C3%A9t%C3%A9',
  '%F0%9F%98%80',
  '%EF%BC%B8%EF%BC%AD%EF%BC%AC',
  '%FF%FE',
  'php',
  'serialized',
  'JSON',
  'Csv',
  'yaml',
  '<script>',
  "'%20OR%201=1--",
  LONG,
]

/** Plausible valid values of a parameter, from its schema and examples. */
export function validValues(p: SpecParameter): string[] {
  const schema = p.schema as { enum?: unknown[]; default?: unknown; pattern?: string }
  const values = new Set<string>(p.examples)
  for (const v of schema.enum ?? []) values.add(String(v))
  if (schema.default !== undefined) values.add(String(schema.default))
  if (p.name === 'from' || p.name === 'to')
    ['2024-03-01', '2024-02-29', '2023-03-31'].forEach((v) => values.add(v))
  if (p.name === 'advertiser_id') ['1', '007', '21', '999999'].forEach((v) => values.add(v))
  if (p.name === 'format') ['json', 'xml', 'csv', 'XML'].forEach((v) => values.add(v))
  if (p.name === 'removeZeros') ['1', 'true', ' yes ', 'off'].forEach((v) => values.add(v))
  return [...values].map(encodeURIComponent)
}

function credentialHeaders(c: Credentials): Record<string, string> {
  return { 'X-Integration-Key': c.integrationKey, 'X-Api-Key': c.apiKey }
}

export function casesFor(operation: SpecOperation, credentials: Credentials): FuzzCase[] {
  const ok = credentialHeaders(credentials)
  const make = (
    label: string,
    query: string,
    headers = ok,
    hooks = true,
    path = operation.path,
  ): FuzzCase => ({
    operation,
    label,
    target: path + (query ? `?${query}` : ''),
    headers,
    hooks,
  })
  const cases: FuzzCase[] = [make('no parameters', '')]
  if (!operation.secured) {
    cases.push(make('no credentials', '', {}), make('no hooks', '', {}, false))
    return cases
  }

  for (const p of operation.parameters) {
    for (const v of validValues(p)) cases.push(make(`${p.name} valid ${v.slice(0, 20)}`, `${p.name}=${v}`))
    for (const v of INVALID_VALUES) cases.push(make(`${p.name} invalid ${v.slice(0, 20)}`, `${p.name}=${v}`))
    cases.push(
      make(`${p.name} as array`, `${p.name}[]=1`),
      make(`${p.name} as keyed array`, `${p.name}[a]=1&${p.name}[b]=2`),
      make(`${p.name} repeated`, `${p.name}=x&${p.name}=${validValues(p)[0] ?? '1'}`),
      make(`${p.name} without =`, p.name),
    )
  }
  const all = operation.parameters.map((p) => `${p.name}=${validValues(p)[0] ?? ''}`).join('&')
  cases.push(
    make('every parameter valid', all),
    make('unknown parameters are ignored', 'foo=bar&callback=x&' + LONG.slice(0, 100) + '=1'),
    make('8 KB unknown parameter', `zz=${LONG}`),
    make('odd separators', '&&;=&=x&%3D=%26'),
    make('doubled slashes in the path', '', ok, true, `/${operation.path.replace(/\//g, '//')}/`),
    make('no credentials', '', {}),
    make('only the integration key', '', { 'X-Integration-Key': credentials.integrationKey }),
    make('only the api key', '', { 'X-Api-Key': credentials.apiKey }),
    make('wrong api key', '', { ...ok, 'X-Api-Key': credentials.apiKey + 'x' }),
    make('api key in other case', '', { ...ok, 'X-Api-Key': credentials.apiKey.toUpperCase() }),
    make('lower-case header names', '', {
      'x-integration-key': credentials.integrationKey,
      'x-api-key': credentials.apiKey,
    }),
    make('8 KB api key', '', { ...ok, 'X-Api-Key': LONG }),
    make('latin-1 api key', '', { ...ok, 'X-Api-Key': 'cl\u00e9' }),
    make('no hooks', '', ok, false),
    make('no hooks, format xml', 'format=xml', ok, false),
  )
  return cases
}

/** Deterministic shuffle (mulberry32 seeded from the text), first element kept first. */
function shuffled<T>(items: T[], seedText: string): T[] {
  let a = [...seedText].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 16777619), 2166136261) >>> 0
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = Math.imul(a ^ (a >>> 15), a | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const rest = items.slice(1)
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[rest[i], rest[j]] = [rest[j]!, rest[i]!]
  }
  return [items[0]!, ...rest]
}

/**
 * At most `limit` cases over all operations: each operation's cases in a
 * fixed pseudo-random order, taken round-robin, so a bounded run still
 * covers every operation with a spread of parameters and credential variants.
 */
export function allCases(operations: SpecOperation[], credentials: Credentials, limit: number): FuzzCase[] {
  const perOperation = operations.map((op) => shuffled(casesFor(op, credentials), op.operationId))
  const out: FuzzCase[] = []
  for (let i = 0; out.length < limit && perOperation.some((c) => i < c.length); i++) {
    for (const cases of perOperation) if (i < cases.length && out.length < limit) out.push(cases[i]!)
  }
  return out
}
