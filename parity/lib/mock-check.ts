// What `--target mock` can compare against the Prism mock of openapi.yaml:
// the status (asked for with `Prefer: code=`), the media type, and for JSON
// the body's shape (field names, order, value types) against the recording.
// Values, the charset parameter and XML/CSV bodies are not compared: Prism
// serves the spec's examples, not PHP's bytes.
import type { ObservedResponse, RecordedResponse } from './fixture-types.ts'
import { bodyKind } from './body-text.ts'
import { shapeDiff } from './shape.ts'
import type { Mismatch } from './verdict-types.ts'

export const MOCK_NOTE = 'mock: status, media type and JSON shape compared (values differ by design)'

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
