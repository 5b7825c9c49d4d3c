// Compares two bodies byte for byte and, when they differ, says where in the
// terms of the format (src/shadow/locate.ts, shared with the live shadow
// comparison), plus the first differing byte and short excerpts.
import type { BodyKind } from '../../../src/shadow/body-text.ts'
import { locateDifference } from '../../../src/shadow/locate.ts'

export interface BodyDiff {
  kind: BodyKind
  /** `$[3].ctr`, `/xml/item[4]/ctr`, `row 5, column 9 (ctr)`, or null for other bodies. */
  location: string | null
  byteOffset: number
  expectedLength: number
  actualLength: number
  /** Text from a little before the difference, truncated. */
  expected: string
  actual: string
}

const BEFORE = 16
const EXCERPT = 60

export function excerpt(text: string, at: number): string {
  const from = Math.max(0, at - BEFORE)
  const slice = text.slice(from, at + EXCERPT)
  return `${from > 0 ? '…' : ''}${slice}${at + EXCERPT < text.length ? '…' : ''}`
}

/** null when the bodies are byte-identical. `contentType` is the expected one. */
export function diffBodies(expected: Buffer, actual: Buffer, contentType: string): BodyDiff | null {
  const difference = locateDifference(expected, actual, contentType)
  if (!difference) return null
  return {
    kind: difference.kind,
    location: difference.location,
    byteOffset: difference.byteOffset,
    expectedLength: expected.length,
    actualLength: actual.length,
    expected: excerpt(difference.expectedText, difference.expectedAt),
    actual: excerpt(difference.actualText, difference.actualAt),
  }
}
