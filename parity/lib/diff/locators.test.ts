import { describe, expect, it } from 'vitest'
import { diffBodies } from './body-diff.ts'
import { firstDifferingByte } from '../../../src/shadow/locators/bytes.ts'
import { csvCellAt, describeCell } from '../../../src/shadow/locators/csv-locator.ts'
import { jsonPathAt } from '../../../src/shadow/locators/json-locator.ts'
import { xmlPathAt } from '../../../src/shadow/locators/xml-locator.ts'

const utf16 = (s: string) => Buffer.from(s, 'utf16le')

describe('firstDifferingByte', () => {
  it('returns -1 for identical bodies', () => {
    expect(firstDifferingByte(Buffer.from('abc'), Buffer.from('abc'))).toBe(-1)
  })
  it('returns the index of the first differing byte', () => {
    expect(firstDifferingByte(Buffer.from('abcd'), Buffer.from('abXd'))).toBe(2)
  })
  it('returns the shorter length when one body is a prefix of the other', () => {
    expect(firstDifferingByte(Buffer.from('abc'), Buffer.from('abcdef'))).toBe(3)
    expect(firstDifferingByte(Buffer.from('abcdef'), Buffer.from('ab'))).toBe(2)
  })
})

describe('jsonPathAt', () => {
  const doc = '[{"a":1,"ctr":1.34},{"a":2,"ctr":0.5},{"a":3,"b":{"c":[10,20]}},{"a":4,"ctr":33.33}]'
  it('names the array element and member under the offset', () => {
    expect(jsonPathAt(doc, doc.indexOf('33.33') + 3)).toBe('$[3].ctr')
  })
  it('descends into nested objects and arrays', () => {
    expect(jsonPathAt(doc, doc.indexOf('20'))).toBe('$[2].b.c[1]')
  })
  it('names the following member when the offset is on a separator', () => {
    const text = '{"a":1,"b":2}'
    expect(jsonPathAt(text, text.indexOf(','))).toBe('$.b')
  })
  it('quotes keys that are not identifiers', () => {
    const text = '{"odd key":"x"}'
    expect(jsonPathAt(text, text.indexOf('"x"'))).toBe('$["odd key"]')
  })
  it('still locates inside a truncated document', () => {
    const text = '{"rows":[{"id":"1"},{"id":"2'
    expect(jsonPathAt(text, text.length - 1)).toBe('$.rows[1].id')
  })
  it('skips escaped quotes inside strings', () => {
    const text = '{"n":"say \\"hi\\"","m":2}'
    expect(jsonPathAt(text, text.indexOf('2}'))).toBe('$.m')
  })
})

describe('xmlPathAt', () => {
  const doc =
    '<?xml version="1.0" encoding="utf-8"?>\n<xml><item><id>1</id><ctr>1</ctr></item><item><id>2</id><ctr>2</ctr></item>' +
    '<item><id>3</id><ctr>3</ctr></item><item><id>4</id><ctr>4.5</ctr><sites><site><n/></site></sites></item></xml>\n'
  it('names repeated siblings by position and unique ones without', () => {
    expect(xmlPathAt(doc, doc.indexOf('4.5'))).toBe('/xml/item[4]/ctr')
  })
  it('counts self-closing elements', () => {
    expect(xmlPathAt(doc, doc.indexOf('<n/>'))).toBe('/xml/item[4]/sites/site/n')
  })
  it('names the root for the declaration line', () => {
    expect(xmlPathAt(doc, 3)).toBe('/')
  })
})

describe('csvCellAt', () => {
  const doc = 'date,advertiser_name,ctr\n2024-03-01,"Say, ""hi""\nthere",1.5\n2024-03-02,Plain,2\n'
  it('counts rows from the header and columns from 1, with the header name', () => {
    expect(describeCell(csvCellAt(doc, doc.indexOf('Plain')))).toBe('row 3, column 2 (advertiser_name)')
  })
  it('does not split on commas, quotes or newlines inside an enclosed field', () => {
    expect(csvCellAt(doc, doc.indexOf('1.5'))).toEqual({ row: 2, column: 3, header: 'ctr' })
  })
  it('reads a quote right after a backslash as literal, as fputcsv writes it (not doubled)', () => {
    // fputcsv of `Back\"slash, Co` and of `a\\"b`: the quote after the backslash(es) stays single.
    const escaped = 'id,name,status\n7,"Back\\"slash, Co",active\n8,"a\\\\"b",paused\n9,Plain,active\n'
    expect(describeCell(csvCellAt(escaped, escaped.indexOf('active')))).toBe('row 2, column 3 (status)')
    expect(describeCell(csvCellAt(escaped, escaped.indexOf('paused')))).toBe('row 3, column 3 (status)')
    expect(describeCell(csvCellAt(escaped, escaped.indexOf('Plain')))).toBe('row 4, column 2 (name)')
  })
})

describe('diffBodies', () => {
  it('returns null for identical bodies', () => {
    expect(
      diffBodies(Buffer.from('{"a":1}'), Buffer.from('{"a":1}'), 'application/json; charset=utf-8'),
    ).toBeNull()
  })
  it('reports the JSON path, byte offset and excerpts of a JSON difference', () => {
    const diff = diffBodies(
      Buffer.from('[{"ctr":1.34}]'),
      Buffer.from('[{"ctr":1.3}]'),
      'application/json; charset=utf-8',
    )
    expect(diff).toMatchObject({
      kind: 'json',
      location: '$[0].ctr',
      byteOffset: 11,
      expectedLength: 14,
      actualLength: 13,
    })
    expect(diff?.expected).toBe('[{"ctr":1.34}]')
    expect(diff?.actual).toBe('[{"ctr":1.3}]')
  })
  it('maps byte offsets past multi-byte characters to the right JSON member', () => {
    const diff = diffBodies(
      Buffer.from('{"n":"Ünï","v":1}'),
      Buffer.from('{"n":"Ünï","v":2}'),
      'application/json',
    )
    expect(diff).toMatchObject({ location: '$.v', byteOffset: Buffer.byteLength('{"n":"Ünï","v":') })
  })
  it('decodes UTF-16LE CSV before locating the row and column', () => {
    const diff = diffBodies(
      utf16('a,b\n1,2\n3,4\n'),
      utf16('a,b\n1,2\n3,5\n'),
      'application/csv; charset=utf-8',
    )
    expect(diff).toMatchObject({ kind: 'csv', location: 'row 3, column 2 (b)', byteOffset: 20 })
    expect(diff?.expected).toContain('3,4')
    expect(diff?.actual).toContain('3,5')
  })
  it('locates XML differences by element path', () => {
    const diff = diffBodies(
      Buffer.from('<xml><item>1</item><item>2</item></xml>'),
      Buffer.from('<xml><item>1</item><item>3</item></xml>'),
      'application/xml',
    )
    expect(diff?.location).toBe('/xml/item[2]')
  })
  it('locates in the actual body when it runs past the end of the recording', () => {
    const diff = diffBodies(Buffer.from('[1]'), Buffer.from('[1,{"x":2}]'), 'application/json')
    expect(diff).toMatchObject({ byteOffset: 2, location: '$[1]' })
  })
})
