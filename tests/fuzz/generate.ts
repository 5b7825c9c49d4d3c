// Turns (seed, index) into one HTTP request: an operation of openapi.yaml (or
// an unknown endpoint), a method, a spelling of the path, query parameters
// from the operation's own (valid values, edges, invalid and malformed ones,
// repeated, as arrays, under mangled names) and other operations', credential
// headers, and a few other headers. Deterministic: request #n of a seed is
// the same in every run; see clock.ts for how windows keep rate limits away.
import type { SpecOperation, SpecParameter } from '../../parity/lib/contract/spec-operations.ts'
import { WINDOW_SIZE, windowInstants, windowOf } from './clock.ts'
import { credentialVariant, QUERY_CREDENTIALS, ROWS, type HeaderList, type RowName } from './credentials.ts'
import { ALLOWED_ORIGIN, method as pickMethod, mutatePath, unknownEndpoint } from './paths.ts'
import { requestRandom, type Random } from './random.ts'
import { datePair, hugeValue, mutateValue, parameterValue } from './values.ts'

export interface FuzzRequest {
  index: number
  method: string
  /** Raw request target: path and query exactly as sent (no re-encoding). */
  target: string
  headers: HeaderList
  /** The clock window (pinned instant, fresh rate counters) it belongs to. */
  window: number
  /** The operation it was built from (null: an unknown endpoint). */
  operationId: string | null
  /** What the generator did, for coverage counts and failure reports. */
  traits: string[]
}

/** Every parameter any operation reads, by name. */
function parameterPool(operations: readonly SpecOperation[]): Map<string, SpecParameter> {
  const pool = new Map<string, SpecParameter>()
  for (const op of operations) for (const p of op.parameters) pool.set(p.name, p)
  return pool
}
const UNKNOWN_NAMES = [
  'foo',
  'callback',
  '_',
  'page',
  'limit',
  'sort',
  'debug',
  'XDEBUG_SESSION_START',
  'format_',
]

interface Pair {
  name: string
  value: string | null
}

/** PHP's $_GET name handling, exercised: arrays, mangled names, case, encodings. */
function nameVariant(name: string, r: Random, traits: string[]): string {
  const kind = r.weighted([
    ['as is', 80],
    ['array', 5],
    ['keyed array', 3],
    ['unclosed bracket', 1],
    ['dot or space for underscore', 3],
    ['leading space', 1],
    ['percent-encoded name', 3],
    ['name in other case', 3],
  ] as const)
  if (kind !== 'as is') traits.push(`name: ${kind}`)
  switch (kind) {
    case 'as is':
      return name
    case 'array':
      return `${name}[]`
    case 'keyed array':
      return `${name}[${r.pick(['x', '0', 'a][b', ''])}]`
    case 'unclosed bracket':
      return `${name}[${r.pick(['', 'x'])}`
    case 'dot or space for underscore':
      return name.includes('_') ? name.replace('_', r.pick(['.', '+', '%20'])) : `${name}.`
    case 'leading space':
      return `${r.pick(['+', '%20', '++'])}${name}`
    case 'percent-encoded name': {
      const at = r.int(0, name.length - 1)
      return name.slice(0, at) + '%' + name.charCodeAt(at).toString(16).toUpperCase() + name.slice(at + 1)
    }
    case 'name in other case':
      return r.chance(0.5) ? name.toUpperCase() : name[0]!.toUpperCase() + name.slice(1)
  }
}

function queryPairs(
  op: SpecOperation | null,
  pool: Map<string, SpecParameter>,
  r: Random,
  traits: string[],
): Pair[] {
  const pairs: Pair[] = []
  const own = op?.parameters ?? []
  const add = (name: string, p: SpecParameter | undefined) => {
    let value: string | null = parameterValue(name, p, r)
    if (r.chance(0.12)) {
      const mutated = mutateValue(value, r)
      value = mutated.value
      traits.push(`value: ${mutated.trait}`)
    }
    if (r.chance(0.02)) {
      value = null
      traits.push('value: no =')
    }
    pairs.push({ name: nameVariant(name, r, traits), value })
    if (r.chance(0.05)) {
      traits.push('repeated parameter')
      pairs.push({ name, value: parameterValue(name, p, r) })
    }
  }
  for (const p of own) if (r.chance(p.name === 'format' ? 0.6 : 0.5)) add(p.name, p)
  if (own.some((p) => p.name === 'from') && r.chance(0.25)) {
    const [from, to] = datePair(r)
    traits.push('dates at range edges')
    pairs.push({ name: 'from', value: from }, { name: 'to', value: to })
  }
  if (r.chance(0.15)) {
    traits.push("another operation's parameter")
    const name = r.pick([...pool.keys()])
    add(name, pool.get(name))
  }
  if (r.chance(0.06)) {
    traits.push('unknown parameter')
    pairs.push({
      name: r.pick(UNKNOWN_NAMES),
      value: r.chance(0.1) ? hugeValue(r) : r.pick(['1', 'x', '', '%ZZ']),
    })
  }
  return r.shuffle(pairs)
}

function queryString(pairs: Pair[], r: Random, traits: string[]): string {
  const parts = pairs.map((p) => (p.value === null ? p.name : `${p.name}=${p.value}`))
  if (r.chance(0.04)) {
    traits.push('odd separators')
    parts.splice(r.int(0, parts.length), 0, r.pick(['', '=', '=x', '&', ';', '%26', 'a=1;b=2']))
  }
  return parts.join('&')
}

function otherHeaders(r: Random, method: string, traits: string[]): HeaderList {
  const headers: HeaderList = []
  if (method === 'OPTIONS' ? r.chance(0.7) : r.chance(0.05)) {
    const origin = r.weighted([
      [ALLOWED_ORIGIN, 6],
      ['https://evil.example', 2],
      ['null', 1],
      [ALLOWED_ORIGIN + '/', 1],
    ] as const)
    traits.push(origin === ALLOWED_ORIGIN ? 'allowed origin' : 'other origin')
    headers.push(['Origin', origin])
    if (method === 'OPTIONS') headers.push(['Access-Control-Request-Method', 'GET'])
  }
  if (r.chance(0.05)) headers.push(['Accept', r.pick(['text/csv', 'application/xml', '*/*', 'text/html'])])
  if (r.chance(0.02)) {
    traits.push('64 KiB header')
    headers.push(['X-Padding', 'p'.repeat(64 * 1024)])
  }
  if (r.chance(0.02)) headers.push(['Authorization', r.pick(['Bearer x', 'Basic YTpi', ''])])
  if (method === 'POST' && r.chance(0.5)) headers.push(['Content-Type', 'application/x-www-form-urlencoded'])
  return headers
}

export interface Generator {
  /** Requests `from` ≤ index < `to`. */
  requests(from: number, to: number): FuzzRequest[]
  /** The pinned instant of a window. */
  instant(window: number): string
}

export function createGenerator(seed: number, operations: readonly SpecOperation[]): Generator {
  const legacy = operations.filter((op) => op.secured)
  const service = operations.filter((op) => !op.secured)
  const pool = parameterPool(legacy)
  const instants: string[] = []
  const instant = (w: number) => {
    if (instants.length <= w) instants.splice(0, instants.length, ...windowInstants(seed, w + 1))
    return instants[w]!
  }

  function build(index: number, spent: Map<RowName, number>): FuzzRequest {
    const r = requestRandom(seed, index)
    const traits: string[] = []
    const kind = r.weighted([
      ['operation', 90],
      ['service route', service.length > 0 ? 2 : 0],
      ['unknown endpoint', 8],
    ] as const)
    const op = kind === 'operation' ? r.pick(legacy) : kind === 'service route' ? r.pick(service) : null
    let path = op?.path ?? unknownEndpoint(r)
    if (!op) traits.push('unknown endpoint')
    else if (!op.secured) traits.push('service route')
    if (op && r.chance(0.12)) {
      const mutated = mutatePath(path, r)
      path = mutated.path
      traits.push(`path: ${mutated.trait}`)
    }
    const method = pickMethod(r)
    if (method !== 'GET') traits.push(`method ${method}`)

    const credentials = credentialVariant(r, (row) => (spent.get(row) ?? 0) >= ROWS[row].rph)
    if (credentials.row) spent.set(credentials.row, (spent.get(credentials.row) ?? 0) + 1)
    traits.push(`credentials: ${credentials.trait}`)

    let query = queryString(queryPairs(op, pool, r, traits), r, traits)
    if (credentials.trait === 'credentials in the query only')
      query = query ? `${query}&${QUERY_CREDENTIALS}` : QUERY_CREDENTIALS
    return {
      index,
      method,
      target: query === '' && !r.chance(0.03) ? path : `${path}?${query}`,
      headers: [...credentials.headers, ...otherHeaders(r, method, traits)],
      window: windowOf(index),
      operationId: op?.operationId ?? null,
      traits,
    }
  }

  return {
    instant,
    requests(from, to) {
      const out: FuzzRequest[] = []
      // Credential budgets are per window, so a window is always built from its start.
      for (let start = windowOf(from) * WINDOW_SIZE; start < to; start += WINDOW_SIZE) {
        const spent = new Map<RowName, number>()
        for (let i = start; i < Math.min(start + WINDOW_SIZE, to); i++) {
          const request = build(i, spent)
          if (i >= from) out.push(request)
        }
      }
      return out
    },
  }
}
