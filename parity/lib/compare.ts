// Judges one observed response: status, content type, and the body's bytes.
import { diffBodies } from './diff/body-diff.ts'
import type { ObservedResponse } from './fixture-types.ts'
import type { Mismatch } from './verdict-types.ts'

export interface ExactExpectation {
  status: number
  contentType: string
  body: Buffer
}

export function compareExact(expected: ExactExpectation, observed: ObservedResponse): Mismatch[] {
  const mismatches: Mismatch[] = []
  if (expected.status !== observed.status) {
    mismatches.push({ field: 'status', expected: String(expected.status), actual: String(observed.status) })
  }
  if (expected.contentType !== observed.contentType) {
    mismatches.push({ field: 'contentType', expected: expected.contentType, actual: observed.contentType })
  }
  const body = diffBodies(expected.body, observed.body, expected.contentType)
  if (body) {
    mismatches.push({
      field: 'body',
      expected: body.expected,
      actual: body.actual,
      where: body.location ?? undefined,
      byteOffset: body.byteOffset,
      body,
    })
  }
  return mismatches
}
