// What `--target mock` can compare against the Prism mock of openapi.yaml:
// the status (asked for with `Prefer: code=`), the media type, and for JSON
// the body's shape (field names, order, value types) against the recording.
// Values, the charset parameter and XML/CSV bodies are not compared: Prism
// serves the spec's examples, not PHP's bytes.
import { goneBody, GONE_STATUS, JSON_CONTENT_TYPE } from './deviation.ts'
import type { Fixture, ObservedResponse, RecordedRequest, RecordedResponse } from './fixture-types.ts'
import { requestFacts } from './request-facts.ts'
import { bodyKind } from './body-text.ts'
import { shapeDiff } from './shape.ts'
import type { Mismatch } from './verdict-types.ts'

export const MOCK_NOTE = 'mock: status, media type and JSON shape compared (values differ by design)'

export const OUT_OF_CONTRACT_NOTE = 'mock: unknown path or method is outside the spec; the mock must not serve it (404 or 405)'

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

export function checkAgainstMock(recorded: RecordedResponse, observed: ObservedResponse): Mismatch[] {
  const mismatches: Mismatch[] = []
  if (recorded.status !== observed.status) {
    mismatches.push({ field: 'status', expected: String(recorded.status), actual: String(observed.status) })
  }
  if (mediaType(recorded.contentType) !== mediaType(observed.contentType)) {
    mismatches.push({ field: 'contentType', expected: mediaType(recorded.contentType), actual: mediaType(observed.contentType) })
  }
  if (bodyKind(recorded.contentType) !== 'json') return mismatches
  const expected = parseJson(Buffer.from(recorded.bodyBase64, 'base64'))
  const actual = parseJson(observed.body)
  if (!expected.ok || !actual.ok) {
    if (expected.ok !== actual.ok) {
      mismatches.push({ field: 'shape', where: '$', expected: expected.ok ? 'JSON' : 'not JSON', actual: actual.ok ? 'JSON' : 'not JSON' })
    }
    return mismatches
  }
  const shape = shapeDiff(expected.value, actual.value)
  if (shape) mismatches.push(shape)
  return mismatches
}

/** What the contract documents for a fixture: the 410 envelope for a workerDeviation, else the recording. */
export function contractResponse(fixture: Fixture, recorded: RecordedResponse): RecordedResponse {
  if (fixture.workerDeviation !== '410') return recorded
  const body = goneBody('https://api.example.com/docs')
  return { status: GONE_STATUS, contentType: JSON_CONTENT_TYPE, bodyBase64: body.toString('base64'), bodyText: body.toString() }
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
  const path = `/${request.path.split('/').filter((s) => s !== '').join('/')}`
  return path === request.path ? request : { ...request, path }
}

export function checkOutOfContract(observed: ObservedResponse): Mismatch[] {
  return observed.status === 404 || observed.status === 405 ? [] : [{ field: 'status', expected: '404 or 405', actual: String(observed.status) }]
}
