// Every value as PHP's mysqli gave it to the legacy app: the column's text
// (numbers, DATE 'YYYY-MM-DD', DATETIME 'YYYY-MM-DD HH:MM:SS', exact DECIMAL
// and BIGINT sums) or null. The driver's own options deliver that text for
// most types without a callback per field (a per-field typeCast doubled the
// CPU of reading rows in workerd); only the small integer types arrive as JS
// numbers, and their decimal text is exactly String(n). Types whose text the
// driver would not hand over unchanged are refused rather than printed wrong.

/** The driver options that keep values as text (see CONNECTION_OPTIONS in connection.ts). */
export const TEXT_VALUE_OPTIONS = {
  dateStrings: true,
  supportBigNumbers: true,
  bigNumberStrings: true,
  decimalNumbers: false,
} as const

/** What the driver tells about a result column (mysql2's ColumnDefinition). */
export interface ColumnFacts {
  name: string
  columnType: number
  characterSet: number
}

// mysql2 column types (MySQL protocol).
const TINY = 1
const SHORT = 2
const LONG = 3
const FLOAT = 4
const DOUBLE = 5
const INT24 = 9
const YEAR = 13
const JSON_TYPE = 245
const GEOMETRY = 255
const BIT = 16
/** The "binary" character set: the driver hands such columns over as bytes. */
const BINARY_CHARSET = 63
const BLOB_TYPES = new Set([249, 250, 251, 252, 253, 254])

const NUMBER_TYPES = new Set([TINY, SHORT, LONG, INT24, YEAR])
// FLOAT/DOUBLE would be re-printed by JavaScript, not as MySQL wrote them.
const UNSUPPORTED_TYPES = new Set([FLOAT, DOUBLE, JSON_TYPE, GEOMETRY, BIT])

export class UnsupportedColumnError extends TypeError {
  override readonly name = 'UnsupportedColumnError'
}

/** Indexes of the columns the driver hands over as JS numbers; throws for columns it cannot give as text. */
export function numberColumns(columns: readonly ColumnFacts[]): number[] {
  const out: number[] = []
  columns.forEach((column, i) => {
    if (UNSUPPORTED_TYPES.has(column.columnType)) {
      throw new UnsupportedColumnError(
        `column ${column.name}: type ${column.columnType} has no text form here`,
      )
    }
    if (BLOB_TYPES.has(column.columnType) && column.characterSet === BINARY_CHARSET) {
      throw new UnsupportedColumnError(`column ${column.name}: binary strings are not text`)
    }
    if (NUMBER_TYPES.has(column.columnType)) out.push(i)
  })
  return out
}

/** Turns the number columns of one row (as an array) into their text, in place. */
export function numbersToText(row: unknown[], numberIndexes: readonly number[]): void {
  for (const i of numberIndexes) {
    const value = row[i]
    if (typeof value === 'number') row[i] = String(value)
  }
}
