// Where two bodies first differ, in the terms of the format: JSON path, XML
// element path, CSV row/column (after decoding UTF-16LE). Shared by the
// live shadow comparison and the parity harness, so a mismatch in production
// is reported exactly as the harness would report it.
import { bodyKind, decodeBody, type BodyKind } from './body-text.ts'
import { firstDifferingByte } from './locators/bytes.ts'
import { csvCellAt, describeCell } from './locators/csv-locator.ts'
import { jsonPathAt } from './locators/json-locator.ts'
import { xmlPathAt } from './locators/xml-locator.ts'

export interface Difference {
  kind: BodyKind
  /** `$[3].ctr`, `/xml/item[4]/ctr`, `row 5, column 9 (ctr)`, or null for other bodies. */
  location: string | null
  byteOffset: number
  expectedText: string
  actualText: string
  /** Character index of the difference in each text. */
  expectedAt: number
  actualAt: number
}

/** Character index of a byte offset in the decoded text. */
function charIndex(body: Uint8Array, byteOffset: number, kind: BodyKind): number {
  return kind === 'csv'
    ? Math.floor(byteOffset / 2)
    : decodeBody(body.subarray(0, byteOffset), 'text/plain').length
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

/** null when the bodies are byte-identical. `contentType` is the expected body's. */
export function locateDifference(
  expected: Uint8Array,
  actual: Uint8Array,
  contentType: string,
): Difference | null {
  const byteOffset = firstDifferingByte(expected, actual)
  if (byteOffset < 0) return null
  const kind = bodyKind(contentType)
  const expectedText = decodeBody(expected, contentType)
  const actualText = decodeBody(actual, contentType)
  const expectedAt = charIndex(expected, byteOffset, kind)
  const actualAt = charIndex(actual, byteOffset, kind)
  // The deeper of the two places wins: a member missing from the actual body
  // is named by the expected one, an extra one only by the actual body.
  const inExpected = byteOffset < expected.length ? locate(kind, expectedText, expectedAt) : null
  const inActual = byteOffset < actual.length ? locate(kind, actualText, actualAt) : null
  const location = kind === 'csv' ? (inExpected ?? inActual) : deeper(inExpected, inActual)
  return { kind, location, byteOffset, expectedText, actualText, expectedAt, actualAt }
}
