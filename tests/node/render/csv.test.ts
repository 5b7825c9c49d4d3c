import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { csvField, csvLine, encodeCsv } from '../../../src/render/csv.ts'
import type { PhpValue } from '../../../src/render/php-value.ts'
import { countingLazyList, lazify, phpKey, phpScalar, phpValue } from '../../support/render/arbitraries.ts'
import { readCsvLines } from '../../support/render/legacy-body-readers.ts'
import { streamedText } from '../../support/render/streamed.ts'

const streamed = (value: PhpValue) => streamedText('csv', value)

describe('PHP 8.2 fputcsv fields', () => {
  it.each([
    ['plain', 'plain'],
    ['two words', '"two words"'],
    ['tab\there', '"tab\there"'],
    ['line\nbreak', '"line\nbreak"'],
    ['carriage\rreturn', '"carriage\rreturn"'],
    ['Winter, Clearance', '"Winter, Clearance"'],
    ['Holiday "Mega" Push', '"Holiday ""Mega"" Push"'],
    ['Back\\To\\School', '"Back\\To\\School"'],
    ['Back\\"slash', '"Back\\"slash"'],
    ['a\\\\"b', '"a\\\\"b"'],
    ['a\\x"b', '"a\\x""b"'],
    ['"', '""""'],
    ['', ''],
    ['新春キャンペーン', '新春キャンペーン'],
  ])('writes %j as %j', (field, expected) => {
    expect(csvField(field)).toBe(expected)
  })

  it('joins fields with commas and ends the line with \\n', () => {
    expect(csvLine(['a', 'b c', ''])).toBe('a,"b c",\n')
    expect(csvLine([])).toBe('\n')
  })
})

describe('Format::to_csv', () => {
  it('writes a header from the first row keys and one line per row', () => {
    const rows = [
      { date: '2024-01-04', name: 'Huge Numbers Holdings', ctr: 0.25, n: 9007199254740993n },
      { date: '2024-01-05', name: 'x', ctr: 0n, n: 1n },
    ]
    expect(encodeCsv(rows)).toBe(
      'date,name,ctr,n\n2024-01-04,"Huge Numbers Holdings",0.25,9007199254740993\n2024-01-05,x,0,1\n',
    )
  })

  it('prints null and false empty, true as 1, floats with precision 14, arrays as Array', () => {
    expect(
      encodeCsv([{ a: null, b: false, c: true, d: 9007199254740.99, e: 1e15, f: [], g: { x: '1' } }]),
    ).toBe('a,b,c,d,e,f,g\n,,1,9007199254741,1.0E+15,Array,Array\n')
  })

  it('writes an error envelope as one header and one value line', () => {
    expect(encodeCsv({ status: false, error: 'Invalid credentials' })).toBe(
      'status,error\n,"Invalid credentials"\n',
    )
  })

  it('writes a single object whose values are arrays as Array fields (data_connector=1)', () => {
    expect(encodeCsv({ schema: [{ name: 'date' }], rows: [] })).toBe('schema,rows\nArray,Array\n')
  })

  it('writes an empty list as two empty lines', () => {
    expect(encodeCsv([])).toBe('\n\n')
  })

  it('writes a list of scalars as one line under index headings', () => {
    expect(encodeCsv(['a', 'b c'])).toBe('0,1\na,"b c"\n')
  })

  it('writes a list of empty arrays as one line of Array fields (no nested element to count)', () => {
    expect(encodeCsv([[], []])).toBe('0,1\nArray,Array\n')
  })

  it('stops at the first row that is not an array', () => {
    expect(encodeCsv([{ a: '1' }, { a: '2' }, 'stop', { a: '3' }])).toBe('a\n1\n2\n')
  })

  it('refuses a scalar first row beside nested rows (array_keys() TypeError in PHP 8)', () => {
    expect(() => encodeCsv(['x', { a: '1' }])).toThrow(TypeError)
  })

  it('uses the first row keys even when later rows differ', () => {
    expect(encodeCsv([{ a: '1', b: '2' }, { c: '3' }])).toBe('a,b\n1,2\n3\n')
  })

  it('round-trips rows through an RFC 4180 reader when no field holds a backslash', () => {
    const field = fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('\\'))
    const rows = fc.uniqueArray(phpKey, { minLength: 1, maxLength: 4 }).chain((keys) =>
      fc.array(
        fc
          .tuple(...keys.map(() => field))
          .map((values) => Object.fromEntries(keys.map((k, i) => [k, values[i]!]))),
        {
          minLength: 1,
          maxLength: 5,
        },
      ),
    )
    fc.assert(
      fc.property(rows, (list) => {
        const parsed = readCsvLines(encodeCsv(list))
        expect(parsed).toEqual([Object.keys(list[0]!), ...list.map((r) => Object.values(r))])
      }),
    )
  })

  it('streams a lazy root list to exactly the buffered text', async () => {
    const row = fc.dictionary(phpKey, phpScalar, { minKeys: 0, maxKeys: 4 })
    const anyList = fc.array(fc.oneof(row, phpValue), { maxLength: 5 })
    // Both refuse the same shapes (array_keys() of a scalar first row is a TypeError in PHP 8).
    const outcome = async (f: () => Promise<string> | string) => {
      try {
        return await f()
      } catch (error) {
        return `error: ${(error as Error).message}`
      }
    }
    await fc.assert(
      fc.asyncProperty(anyList, async (list) => {
        expect(await outcome(() => streamed(countingLazyList(list).list))).toBe(
          await outcome(() => encodeCsv(list)),
        )
      }),
    )
  })

  it('prints lazy lists below the root as Array without reading them', async () => {
    const rows = countingLazyList([{ values: ['1'] }])
    expect(await streamed({ schema: lazify([{ name: 'date' }]), rows: rows.list })).toBe(
      'schema,rows\nArray,Array\n',
    )
    expect(rows.pulled()).toBe(0)
  })

  it('stops pulling rows once a row is not an array', async () => {
    const rows = countingLazyList([{ a: '1' }, 'stop', { a: '2' }])
    expect(await streamed(rows.list)).toBe('a\n1\n')
    expect(rows.pulled()).toBe(2)
  })
})
