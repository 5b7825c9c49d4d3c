// Which columns the driver hands over as JS numbers (their text is String(n))
// and which it cannot give as text at all: decided once per result from the
// column definitions (mysql2's column types, MySQL protocol numbering).
import { describe, expect, it } from 'vitest'
import {
  numberColumns,
  numbersToText,
  TEXT_VALUE_OPTIONS,
  UnsupportedColumnError,
} from '../../../packages/worker-kit/src/db/text-values.ts'

const UTF8MB4 = 45
const BINARY = 63
const column = (name: string, columnType: number, characterSet = UTF8MB4) => ({
  name,
  columnType,
  characterSet,
})

describe('numberColumns', () => {
  it('lists TINYINT, SMALLINT, INT, MEDIUMINT and YEAR columns: the ones that arrive as JS numbers', () => {
    const columns = [
      column('tiny', 1),
      column('text', 253),
      column('small', 2),
      column('long', 3),
      column('bigint', 8),
      column('decimal', 246),
      column('int24', 9),
      column('date', 10),
      column('year', 13),
    ]
    expect(numberColumns(columns)).toEqual([0, 2, 3, 6, 8])
  })

  it.each([
    ['FLOAT', 4],
    ['DOUBLE', 5],
    ['JSON', 245],
    ['GEOMETRY', 255],
    ['BIT', 16],
  ])('refuses %s', (_name, type) => {
    expect(() => numberColumns([column('v', type)])).toThrow(UnsupportedColumnError)
  })

  it('refuses binary strings and blobs, but not text in a character set', () => {
    for (const type of [249, 250, 251, 252, 253, 254]) {
      expect(() => numberColumns([column('v', type, BINARY)])).toThrow(UnsupportedColumnError)
      expect(numberColumns([column('v', type)])).toEqual([])
    }
  })
})

describe('numbersToText', () => {
  it('turns the listed number columns of a row into their text, in place, leaving NULL alone', () => {
    const row: unknown[] = [7, 'x', -128, null, 2024]
    numbersToText(row, [0, 2, 3, 4])
    expect(row).toEqual(['7', 'x', '-128', null, '2024'])
  })
})

describe('the driver options', () => {
  it('keep dates, big numbers and decimals as the server’s text', () => {
    expect(TEXT_VALUE_OPTIONS).toEqual({
      dateStrings: true,
      supportBigNumbers: true,
      bigNumberStrings: true,
      decimalNumbers: false,
    })
  })
})
