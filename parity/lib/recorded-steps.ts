// The recorded fixtures as the tests read them: every step with its body
// decoded and its request read the way the Worker reads it (route from the
// generated route table, $_GET, the answer's format). The parity harness, the
// renderer tests and the endpoint tests all take their recordings from here
// (loaded by fixtures.ts in Node, imported as JSON modules in workerd), so
// there is one reading of a fixture. No Node API: it runs in workerd too.
import { LEGACY_ROUTES } from '../../generated/routes.ts'
import type { ApiVersion, ResponseFormat } from '../../src/domain/vocabulary.ts'
import { endpointNamed } from '../../src/endpoints/registry.ts'
import type { EndpointDefinition } from '../../src/endpoints/endpoint.ts'
import { normalizePath } from '../../src/request/path.ts'
import { parsePhpQuery, type PhpQuery } from '../../src/request/php-query.ts'
import type { Fixture, RecordedRequest } from './fixture-types.ts'

export interface RecordedStep {
  /** `<fixture name>#<step index>` */
  readonly id: string
  readonly fixture: string
  readonly request: RecordedRequest
  /** Request headers with lower-cased names. */
  readonly headers: Readonly<Record<string, string>>
  /** The fixture's instant: the Worker's pinned clock. */
  readonly now: Date
  /** $_GET of the recorded query string. */
  readonly query: PhpQuery
  readonly status: number
  readonly contentType: string
  /** The recorded body bytes. */
  readonly body: Uint8Array
  /** The format the body is in (by its content type), null for anything else. */
  readonly format: ResponseFormat | null
  readonly workerDeviation?: string
}

/** A recorded 200 answer of an endpoint in json, xml or csv: what a handler plus a renderer must reproduce. */
export interface EndpointStep extends RecordedStep {
  readonly endpoint: EndpointDefinition
  /** The version the path carries (null on the bare path: then `version` decides). */
  readonly pathVersion: ApiVersion | null
  readonly format: ResponseFormat
  readonly integrationKey: string
}

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text)
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}

function formatOf(contentType: string): ResponseFormat | null {
  if (contentType.startsWith('application/json')) return 'json'
  if (contentType.startsWith('application/xml')) return 'xml'
  if (contentType.startsWith('application/csv')) return 'csv'
  return null
}

/** Every step of every fixture, in the fixtures' order. */
export function recordedSteps(fixtures: readonly Fixture[]): RecordedStep[] {
  return fixtures.flatMap((fixture) =>
    fixture.steps.map((step, i) => ({
      id: `${fixture.name}#${i}`,
      fixture: fixture.name,
      request: step.request,
      headers: Object.fromEntries(
        Object.entries(step.request.headers).map(([name, value]) => [name.toLowerCase(), value]),
      ),
      now: new Date(fixture.now),
      query: parsePhpQuery(step.request.query),
      status: step.response.status,
      contentType: step.response.contentType,
      body: decodeBase64(step.response.bodyBase64),
      format: formatOf(step.response.contentType),
      ...(fixture.workerDeviation === undefined ? {} : { workerDeviation: fixture.workerDeviation }),
    })),
  )
}

/** The steps whose GET reached an endpoint and answered 200 in json, xml or csv, the Worker's deviations left out. */
export function endpointSteps(steps: readonly RecordedStep[]): EndpointStep[] {
  return steps.flatMap((step) => {
    if (step.request.method !== 'GET' || step.status !== 200 || step.format === null) return []
    if (step.workerDeviation !== undefined) return []
    const route = LEGACY_ROUTES.find((r) => r.path === normalizePath(step.request.path))
    const endpoint = route && endpointNamed(route.endpoint)
    if (!route || !endpoint) return []
    return [
      {
        ...step,
        endpoint,
        pathVersion: route.version as ApiVersion | null,
        format: step.format,
        integrationKey: step.headers['x-integration-key'] ?? '',
      },
    ]
  })
}

/** The request without its `format` parameter: steps sharing it differ only in format. */
export function requestKeyWithoutFormat(step: RecordedStep): string {
  const params = step.request.query.split('&').filter((p) => p !== '' && !/^format=/i.test(p))
  const headers = Object.entries(step.headers).sort(([a], [b]) => a.localeCompare(b))
  return JSON.stringify([step.now.toISOString(), step.request.path, params, headers, step.status])
}

/** UTF-8 text of a body. */
export const utf8 = (bytes: Uint8Array) => new TextDecoder().decode(bytes)
