// The integrators' mock (`npm run mock`): answers like the API without a database. The request
// is judged by the Worker's own front end — legacy path matching, PHP $_GET, `format`, the
// credential check, the hourly limit, the 410 for retired formats and the parameter rules, in
// the API's order — and the data comes from the spec's examples, in the format the query asks
// for (CSV as UTF-16LE). What a mock cannot know (whether an advertiser is the account's, an
// outage) is asked for with `Prefer: code=404|503|504`, and `Prefer: example=<name>` picks
// another example (decisions/2026-12-02-integrator-mock.md).
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { LEGACY_ROUTES } from '../../generated/routes.ts'
import { LegacyError, LegacyMessage, rateLimitMessage } from '../../src/domain/legacy-error.ts'
import type { ApiVersion, ResponseFormat as Format } from '../../src/domain/vocabulary.ts'
import { endpointNamed } from '../../src/endpoints/registry.ts'
import { contentType, renderBody as render } from '../../src/render/body.ts'
import type { PhpValue } from '../../src/render/php-value.ts'
import { resolveFormat } from '../../src/request/format.ts'
import { validateRequest } from '../../src/request/parameters.ts'
import { normalizePath } from '../../src/request/path.ts'
import { parsePhpQuery } from '../../src/request/php-query.ts'
import { TEST_NOW_HEADER, TEST_RATE_NAMESPACE_HEADER } from '../../parity/lib/replay.ts'
import { demoCredential } from './demo-credentials.ts'
import { createHourlyCounter } from './hourly-counter.ts'
import { chooseExample, type Example, type MockSpec } from './spec-examples.ts'

export interface MockOptions {
  spec: MockSpec
  /** Count requests per credential and hour and answer 429 past the limit (default true). */
  rateLimit?: boolean
  /** Honour X-Test-Now and X-Test-Rate-Namespace, like the local Worker with TEST_HOOKS (default false). */
  testHooks?: boolean
}

export interface MockRequest {
  method: string
  /** The raw request target: path and query exactly as sent. */
  target: string
  headers: Headers
}

export interface MockAnswer {
  status: number
  headers: Record<string, string>
  body: Uint8Array
}

// Any origin may call the mock (the API allows only configured ones), and `Prefer` too.
const ALLOWED_HEADERS = 'Accept, Content-Type, X-Api-Key, X-Integration-Key, Prefer'
const EXPOSED_HEADERS =
  'X-Request-Id, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After'
const MEDIA_TYPES: Record<Format, string> = {
  json: 'application/json',
  xml: 'application/xml',
  csv: 'application/csv',
}

/** The `Prefer` header's `code=` and `example=` (Prism's syntax: `Prefer: code=404, example=Name`). */
export function preferences(header: string | null): { code?: string; example?: string } {
  const found: Record<string, string> = {}
  for (const part of (header ?? '').split(/[,;]/)) {
    const match = /^\s*(code|example)\s*=\s*"?([^"]*)"?\s*$/.exec(part)
    if (match) found[match[1]!] = match[2]!
  }
  return found
}

/** PHP's empty() on a header, as the API's credential check reads it: "" and "0" are missing. */
const isMissing = (value: string) => value === ''

const utf16le = (text: string) => new Uint8Array(Buffer.from(text, 'utf16le'))

/** An example's bytes: JSON as PHP's json_encode prints it, CSV as UTF-16LE, anything else UTF-8. */
async function exampleBody(mediaType: string, value: unknown): Promise<Uint8Array> {
  if (mediaType.includes('json')) return render('json', value as PhpValue)
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return mediaType.includes('/csv') ? utf16le(text) : new Uint8Array(Buffer.from(text, 'utf8'))
}

/** The spec path whose examples answer a legacy request (the version and data_connector pick the shape). */
function specPathFor(endpoint: string, cleanPath: string, version: string, dataConnector: 1 | 2): string {
  if (endpoint === 'analytics') return `/v${version}/analytics`
  if (endpoint === 'dataconnector') return dataConnector === 2 ? '/v2.0/dataconnector' : '/v1.0/dataconnector'
  return cleanPath
}

export function createMockHandler(options: MockOptions): (request: MockRequest) => Promise<MockAnswer> {
  const counter = createHourlyCounter()
  const pinnedNow = (headers: Headers) => {
    const at = options.testHooks ? new Date(headers.get(TEST_NOW_HEADER) ?? '') : null
    return at && !Number.isNaN(at.getTime()) ? at : null
  }
  const rateNamespace = (headers: Headers) =>
    options.testHooks ? (headers.get(TEST_RATE_NAMESPACE_HEADER) ?? '') : ''

  return async ({ method, target, headers }) => {
    const query = parsePhpQuery(target.includes('?') ? target.slice(target.indexOf('?') + 1) : '')
    const rawPath = target.split('?')[0] ?? '/'
    const requested = resolveFormat(query)
    const format: Format = requested === 'php' || requested === 'serialized' ? 'json' : requested
    const now = pinnedNow(headers) ?? new Date()
    const origin = headers.get('Origin')
    const common: Record<string, string> = { 'X-Request-Id': randomUUID() }
    if (origin) {
      Object.assign(common, {
        'Access-Control-Allow-Origin': origin,
        'Access-Control-Allow-Headers': ALLOWED_HEADERS,
        'Access-Control-Allow-Methods': 'GET, OPTIONS',
        'Access-Control-Expose-Headers': EXPOSED_HEADERS,
        Vary: 'Origin',
      })
    }
    let limitHeaders: Record<string, string> = {}
    const legacy = async (status: number, envelope: PhpValue, extra: Record<string, string> = {}) => ({
      status,
      headers: { 'Content-Type': contentType(format), ...common, ...limitHeaders, ...extra },
      body: await render(format, envelope),
    })
    const fail = (error: LegacyError) => legacy(error.status, error.envelope(), error.headers)
    const fromSpec = async (
      media: Record<string, Example[]> | undefined,
      status: number,
      exampleName?: string,
    ): Promise<MockAnswer> => {
      const chosen = media && chooseExample(media, MEDIA_TYPES[format], exampleName)
      if (!chosen) {
        return fail(new LegacyError(500, `Mock: the spec has no example for a ${status} of ${rawPath}`))
      }
      return {
        status,
        headers: { 'Content-Type': chosen.mediaType, ...common, ...limitHeaders },
        body: await exampleBody(chosen.mediaType, chosen.value),
      }
    }

    if (method === 'OPTIONS' && origin && headers.has('Access-Control-Request-Method')) {
      return { status: 204, headers: common, body: new Uint8Array() }
    }
    if (method !== 'GET') return fail(new LegacyError(404, LegacyMessage.unknownMethod))
    const clean = normalizePath(rawPath)
    const route = LEGACY_ROUTES.find((r) => r.path === clean)
    const endpoint = route && endpointNamed(route.endpoint)
    const version = (route?.version ?? null) as ApiVersion | null
    if (!route || !endpoint) {
      // The service routes (/__health, /openapi.yaml, /docs) need no credentials.
      const service = options.spec.responses(clean)
      if (!service) return fail(new LegacyError(404, LegacyMessage.unknownMethod))
      return fromSpec(service['200'], 200)
    }

    const integrationKey = headers.get('X-Integration-Key') ?? ''
    const apiKey = headers.get('X-Api-Key') ?? ''
    if (isMissing(integrationKey) || isMissing(apiKey)) {
      return fail(new LegacyError(401, LegacyMessage.missingCredentials))
    }
    const credential = demoCredential(integrationKey, apiKey)
    if (!credential) return fail(new LegacyError(401, LegacyMessage.invalidCredentials))
    if (options.rateLimit ?? true) {
      const verdict = counter.count(`${rateNamespace(headers)}\u0000${integrationKey}`, credential.rph, now)
      if (!verdict.allowed)
        return fail(new LegacyError(429, rateLimitMessage(credential.rph), { headers: verdict.headers }))
      limitHeaders = verdict.headers
    } else {
      limitHeaders = {
        'X-RateLimit-Limit': String(credential.rph),
        'X-RateLimit-Remaining': String(credential.rph),
      }
    }

    if (requested === 'php' || requested === 'serialized') {
      return fromSpec(options.spec.responses(clean)?.['410'], 410)
    }
    let specPath: string
    try {
      const validated = validateRequest(endpoint.params, version, query, now)
      specPath = specPathFor(endpoint.name, clean, validated.version, validated.params.dataConnector)
    } catch (error) {
      if (error instanceof LegacyError) return fail(error)
      throw error
    }
    const responses = options.spec.responses(specPath)
    const prefer = preferences(headers.get('Prefer'))
    const status = prefer.code ?? '200'
    if (!responses?.[status]) {
      return fail(new LegacyError(500, `Mock: the spec declares no ${status} answer for GET ${specPath}`))
    }
    return fromSpec(responses[status], Number(status), prefer.example)
  }
}

function headersOf(request: IncomingMessage): Headers {
  const headers = new Headers()
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one)
  }
  return headers
}

export interface RunningMock {
  url: string
  server: Server
  stop(): Promise<void>
}

/** Serves the mock on host:port (port 0: a free one). */
export async function startMock(
  options: MockOptions & { port?: number; host?: string },
): Promise<RunningMock> {
  const handle = createMockHandler(options)
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    handle({ method: request.method ?? 'GET', target: request.url ?? '/', headers: headersOf(request) })
      .then((answer) => {
        response.writeHead(answer.status, { ...answer.headers, 'Content-Length': String(answer.body.length) })
        response.end(answer.body)
      })
      .catch((error: unknown) => {
        response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' })
        response.end(`mock failed: ${(error as Error).message}\n`)
      })
  })
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => resolve())
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  return {
    url: `http://${host}:${port}`,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
