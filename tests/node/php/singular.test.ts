import { describe, expect, it } from 'vitest'
import { singular } from '../../../src/php/singular.ts'

describe('CodeIgniter singular()', () => {
  it.each([
    ['sites', 'site'],
    ['placements', 'placement'],
    ['ad_units', 'ad_unit'],
    ['delivery_groups', 'delivery_group'],
    ['rows', 'row'],
    ['values', 'value'],
    ['categories', 'category'],
    ['statuses', 'status'],
    ['boxes', 'box'],
    ['matrices', 'matrix'],
    ['indices', 'index'],
    ['people', 'person'],
    ['children', 'child'],
    ['wolves', 'wolf'],
    ['knives', 'knife'],
    ['analyses', 'analysis'],
    ['bases', 'basis'],
    ['media', 'medium'],
    ['buses', 'bus'],
    ['movies', 'movie'],
  ])('turns %s into %s', (plural, expected) => {
    expect(singular(plural)).toBe(expected)
  })

  it('leaves names it has no rule for unchanged (so to_xml falls back to item)', () => {
    expect(singular('xml')).toBe('xml')
    expect(singular('schema')).toBe('schema')
    expect(singular('item')).toBe('item')
    expect(singular('status')).toBe('status')
  })

  it('leaves uncountable words unchanged, whatever their case', () => {
    expect(singular('data')).toBe('data')
    expect(singular('Series')).toBe('Series')
    expect(singular('news')).toBe('news')
  })

  it('is case-sensitive in its rules, as the PHP regexes are', () => {
    expect(singular('SITES')).toBe('SITES')
    expect(singular('Sites')).toBe('Site')
  })
})
