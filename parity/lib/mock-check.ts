// What `--target mock` can compare against the Prism mock of openapi.yaml:
// the status (asked for with `Prefer: code=`), the media type, and for JSON
// the body's structure (field names and their order) against the recording
// and its value types against the spec's schema for that response. Values,
// the charset parameter and XML/CSV bodies are not compared: Prism serves the
// spec's examples, not PHP's bytes.
import { goneBody, GONE_STATUS, JSON_CONTENT_TYPE } from './deviation.ts'
import type { Fixture, ObservedResponse, RecordedRequest, RecordedResponse } from './fixture-types.ts'
import { queryParam, requestFacts } from './request-facts.ts'
import { bodyKind } from './body-text.ts'
import { shapeDiff } from './shape.ts'
import { violations } from './contract/conformance.ts'
import type { SpecOperation } from './contract/spec-operations.ts'
import type { Mismatch } from './verdict-types.ts'

export const MOCK_NOTE = 'mock: status, media type and JSON shape compared (values differ by design)'

export const OUT_OF_CONTRACT_NOTE =
  'mock: unknown path or method is outside the spec; the mock must not serve it (404 or 405)'

const mediaType = (contentType: string) => contentType.split(';')[0]?.trim().toLowerCase() ?? ''

/** Headers that steer Prism to the recorded status and media type. */
export function mockHeaders(response: RecordedResponse): Record<string, string> {
  return { Prefer: `code=${response.status}`, Accept: mediaType(response.contentType) }
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) }
  } catch {
    return { ok: false }
  }
}

/**
 * Prism answers a request its own validation rejects (bad parameter, missing
 * credentials) with the response's first declared media type, whatever the
 * Accept header says; it flags that with an `sl-violations` header.
 */
function prismGenerated(observed: ObservedResponse): boolean {
  return observed.headers?.['sl-violations'] !== undefined
}

export function checkAgainstMock(
  recorded: RecordedResponse,
  observed: ObservedResponse,
  operation?: SpecOperation,
): Mismatch[] {
  const mismatches: Mismatch[] = []
  if (recorded.status !== observed.status) {
    mismatches.push({ field: 'status', expected: String(recorded.status), actual: String(observed.status) })
  }
  if (mediaType(recorded.contentType) !== mediaType(observed.contentType) && !prismGenerated(observed)) {
    mismatches.push({
      field: 'contentType',
      expected: mediaType(recorded.contentType),
      actual: mediaType(observed.contentType),
    })
  }
  if (operation) {
    for (const problem of violations(operation, observed)) {
      mismatches.push({
        field: 'contract',
        expected: `a response ${operation.operationId} declares`,
        actual: problem,
      })
    }
  }
  if (bodyKind(observed.contentType) !== bodyKind(recorded.contentType)) return mismatches
  if (bodyKind(recorded.contentType) !== 'json') return mismatches
  const expected = parseJson(Buffer.from(recorded.bodyBase64, 'base64'))
  const actual = parseJson(observed.body)
  if (!expected.ok || !actual.ok) {
    if (expected.ok !== actual.ok) {
      mismatches.push({
        field: 'shape',
        where: '$',
        expected: expected.ok ? 'JSON' : 'not JSON',
        actual: actual.ok ? 'JSON' : 'not JSON',
      })
    }
    return mismatches
  }
  // Scalar types are the schema's to judge (above): a count is the int 0 or a MySQL string.
  const shape = shapeDiff(expected.value, actual.value, '$', !operation)
  if (shape) mismatches.push(shape)
  return mismatches
}

/** What the contract documents for a fixture: the 410 envelope for a workerDeviation, else the recording. */
export function contractResponse(fixture: Fixture, recorded: RecordedResponse): RecordedResponse {
  if (fixture.workerDeviation !== '410') return recorded
  const body = goneBody('https://api.example.com/docs')
  return {
    status: GONE_STATUS,
    contentType: JSON_CONTENT_TYPE,
    bodyBase64: body.toString('base64'),
    bodyText: body.toString(),
  }
}

/** Requests Prism cannot route because the spec has no such operation. */
export function outOfContract(request: RecordedRequest): boolean {
  return requestFacts(request).endpoint.startsWith('(')
}

/**
 * The spec documents clean paths; the legacy leniency about empty segments
 * and a trailing slash is the Worker's routing, so Prism gets the clean path.
 */
export function cleanPath(request: RecordedRequest): RecordedRequest {
  const path = `/${request.path
    .split('/')
    .filter((s) => s !== '')
    .join('/')}`
  return path === request.path ? request : { ...request, path }
}

/**
 * The request Prism gets: the clean path, and — since a mock serves one
 * example per path and cannot evaluate parameters — the equivalent prefixed
 * path where a parameter picks the response shape by the legacy rules:
 * `?version=2.0` on a bare path is `/v2.0/…`, and `data_connector=2` gives
 * exactly what `/v2.0/dataconnector` gives.
 */
export function mockRequest(request: RecordedRequest): RecordedRequest {
  const clean = cleanPath(request)
  const value = (name: string) => queryParam(clean.query, name)
  const bare = /^\/[a-z]+$/.exec(clean.path)
  if (bare && value('version') === '2.0') return { ...clean, path: `/v2.0${clean.path}` }
  const dataconnector = /^(?:\/v1\.0)?\/dataconnector$/.exec(clean.path)
  if (dataconnector && (value('data_connector') === '2' || value('version') === '2.0'))
    return { ...clean, path: '/v2.0/dataconnector' }
  return clean
}

/** The spec operation Prism answers a request with. */
export function operationFor(
  operations: readonly SpecOperation[],
  request: RecordedRequest,
): SpecOperation | undefined {
  return operations.find((o) => o.method === request.method.toUpperCase() && o.path === request.path)
}

export function checkOutOfContract(observed: ObservedResponse): Mismatch[] {
  return observed.status === 404 || observed.status === 405
    ? []
    : [{ field: 'status', expected: '404 or 405', actual: String(observed.status) }]
}
