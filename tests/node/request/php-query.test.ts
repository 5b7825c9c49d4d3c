import { describe, expect, it } from 'vitest'
import { canonicalQueryString, parsePhpQuery } from '../../../src/request/php-query.ts'

describe('parsePhpQuery, as PHP fills $_GET', () => {
  it('decodes + as a space and percent escapes as UTF-8', () => {
    const q = parsePhpQuery('format=x+m%6C&name=%C3%85ngstr%C3%B6m')
    expect(q.get('format')).toBe('x ml')
    expect(q.get('name')).toBe('Ångström')
  })

  it('keeps a leading %EF%BB%BF as the character U+FEFF (PHP keeps every byte; it is not a BOM to drop)', () => {
    const q = parsePhpQuery('advertiser_id=%EF%BB%BF16&format=%EF%BB%BFxml')
    expect(q.get('advertiser_id')).toBe('\ufeff16')
    expect(q.get('format')).toBe('\ufeffxml')
  })

  it('keeps the last of repeated names', () => {
    expect(parsePhpQuery('to=a&to=b').get('to')).toBe('b')
  })

  it('turns name[] and name[key] into arrays, and a later scalar overwrites them', () => {
    expect(parsePhpQuery('from[]=2024-01-01').get('from')).toEqual({ array: true })
    expect(parsePhpQuery('from[x]=1').get('from')).toEqual({ array: true })
    expect(parsePhpQuery('from[]=1&from=2024-01-01').get('from')).toBe('2024-01-01')
  })

  it('converts dots and spaces in names to underscores and an unmatched [ too', () => {
    expect(parsePhpQuery('data.connector=2').get('data_connector')).toBe('2')
    expect(parsePhpQuery('a[b=1').get('a_b')).toBe('1')
  })

  it('reads a name without = as an empty value and skips empty names', () => {
    const q = parsePhpQuery('removeZeros&=x&&')
    expect(q.get('removeZeros')).toBe('')
    expect([...q.keys()]).toEqual(['removeZeros'])
  })

  it('leaves invalid percent escapes as they are', () => {
    expect(parsePhpQuery('from=%ZZ').get('from')).toBe('%ZZ')
  })
})

describe('canonicalQueryString', () => {
  it('carries one value per scalar parameter and drops arrays', () => {
    expect(canonicalQueryString(parsePhpQuery('a=1&a=2&b[]=3&c=x+y'))).toBe('a=2&c=x%20y')
  })
})
