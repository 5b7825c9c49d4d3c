// Compares two bodies byte for byte and, when they differ, says where in the
// terms of the format: JSON path, XML element path, CSV row/column (after
// decoding UTF-16LE), plus the first differing byte and short excerpts.
import { bodyKind, decodeBody, type BodyKind } from '../body-text.ts'
import { firstDifferingByte } from './bytes.ts'
import { csvCellAt, describeCell } from './csv-locator.ts'
import { jsonPathAt } from './json-locator.ts'
import { xmlPathAt } from './xml-locator.ts'

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

/** Character index of a byte offset in the decoded text. */
function charIndex(body: Buffer, byteOffset: number, kind: BodyKind): number {
  return kind === 'csv' ? Math.floor(byteOffset / 2) : body.subarray(0, byteOffset).toString('utf8').length
}

function locate(kind: BodyKind, text: string, at: number): string | null {
  if (kind === 'json') return jsonPathAt(text, at)
  if (kind === 'xml') return xmlPathAt(text, at)
  if (kind === 'csv') return describeCell(csvCellAt(text, at))
  return null
}

function deeper(a: string | null, b: string | null): string | null {
  if (a === null || b === null) return a ?? b
  return b.length > a.length ? b : a
}

/** null when the bodies are byte-identical. `contentType` is the expected one. */
export function diffBodies(expected: Buffer, actual: Buffer, contentType: string): BodyDiff | null {
  const byteOffset = firstDifferingByte(expected, actual)
  if (byteOffset < 0) return null
  const kind = bodyKind(contentType)
  const expectedText = decodeBody(expected, contentType)
  const actualText = decodeBody(actual, contentType)
  const expectedAt = charIndex(expected, byteOffset, kind)
  const actualAt = charIndex(actual, byteOffset, kind)
  // The deeper of the two places wins: a member missing from the actual body
  // is named by the recording, an extra one only by the actual body.
  const inExpected = byteOffset < expected.length ? locate(kind, expectedText, expectedAt) : null
  const inActual = byteOffset < actual.length ? locate(kind, actualText, actualAt) : null
  const location = kind === 'csv' ? (inExpected ?? inActual) : deeper(inExpected, inActual)
  return {
    kind,
    location,
    byteOffset,
    expectedLength: expected.length,
    actualLength: actual.length,
    expected: excerpt(expectedText, expectedAt),
    actual: excerpt(actualText, actualAt),
  }
}
