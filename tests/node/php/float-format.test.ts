/* eslint-disable no-loss-of-precision -- these literals are PHP's own float inputs, rounded exactly as PHP rounds them */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  formatFloatJson,
  formatFloatJsonExact,
  formatFloatString,
  formatFloatStringExact,
} from '../../../src/php/float-format.ts'
import { phpRound } from '../../../src/php/round.ts'

describe('json_encode float text (serialize_precision = -1)', () => {
  it.each([
    [10, '10'],
    [0, '0'],
    [-0, '-0'],
    [0.1, '0.1'],
    [33.33, '33.33'],
    [1000.5, '1000.5'],
    [9007199254740.99, '9007199254740.99'],
    [1e15, '1000000000000000'],
    [1e16, '10000000000000000'],
    [1e17, '1.0e+17'],
    [1.5e17, '1.5e+17'],
    [1e100, '1.0e+100'],
    [0.0001, '0.0001'],
    [0.00001, '1.0e-5'],
    [1.25e-7, '1.25e-7'],
    [-1.5, '-1.5'],
    [0.30000000000000004, '0.30000000000000004'],
    [5e-324, '5.0e-324'],
  ])('prints %s as %s, like PHP', (value, expected) => {
    expect(formatFloatJson(value)).toBe(expected)
  })

  it('prints the shortest text that reads back as the same double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (d) =>
        Object.is(Number(formatFloatJson(d)), d),
      ),
    )
  })
})

describe('(string)$float text (precision = 14)', () => {
  // php-src Zend/tests/double_to_string.phpt and the legacy contract.
  it.each([
    [290000000000000000, '2.9E+17'],
    [290000000000000, '2.9E+14'],
    [29000000000000.123123, '29000000000000'],
    [29000000000000.7123123, '29000000000001'],
    [29000.7123123, '29000.7123123'],
    [239234242.7123123, '239234242.71231'],
    [0.1234567890123456789, '0.12345678901235'],
    [10000000000000, '10000000000000'],
    [100000000000000, '1.0E+14'],
    [100000000000001, '1.0E+14'],
    [999999999999999, '1.0E+15'],
    [9999999999999999, '1.0E+16'],
    [1e15, '1.0E+15'],
    [9007199254740.99, '9007199254741'],
    [10, '10'],
    [0, '0'],
    [-0, '-0'],
    [0.1, '0.1'],
    [0.0001, '0.0001'],
    [0.00001, '1.0E-5'],
    [-2.5, '-2.5'],
  ])('prints %s as %s, like PHP', (value, expected) => {
    expect(formatFloatString(value)).toBe(expected)
  })

  it('rounds an exact tie at the 14th digit to even, as zend_dtoa does', () => {
    expect(formatFloatString(10000000000000.5)).toBe('10000000000000')
    expect(formatFloatString(10000000000001.5)).toBe('10000000000002')
  })

  it('prints INF and NAN as PHP does', () => {
    expect(formatFloatString(Infinity)).toBe('INF')
    expect(formatFloatString(-Infinity)).toBe('-INF')
    expect(formatFloatString(NaN)).toBe('NAN')
  })

  it('keeps 14 significant digits correctly rounded', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 }), (d) => {
        const text = formatFloatString(d)
        const digits = text.replace(/^-/, '').replace(/E.*$/, '').replace('.', '').replace(/^0+/, '')
        // Away from exact decimal ties, round-half-even and JavaScript's toPrecision agree
        // (an exact tie, 95273057399542.5, is the case above: PHP rounds it to even).
        if (isExactTieAt14(d)) return digits.length <= 14
        return digits.length <= 14 && Number(text) === Number(d.toPrecision(14))
      }),
    )
  })
})

/** d is exactly a 15-significant-digit decimal ending in 5: halfway between two 14-digit values. */
function isExactTieAt14(d: number): boolean {
  const fifteen = d.toPrecision(15)
  return Number(fifteen) === d && /5(e[+-]\d+)?$/.test(fifteen)
}

describe('the fast paths print exactly what the exact forms print', () => {
  const anyDouble = fc.double({ noNaN: true, noDefaultInfinity: true })
  // What the API prints most: ratios rounded to two places, small and large.
  const rounded = fc
    .oneof(
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
    )
    .map((x) => phpRound(x, 2))
  const percentages = fc
    .tuple(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 1, max: 1e9 }))
    .map(([part, whole]) => phpRound((part / whole) * 100, 2))
  // Around the edges of the plain-notation windows (1e-4, 1e14, 1e15).
  const edges = fc
    .tuple(fc.constantFrom(1e-4, 1e14, 1e15, 1e17), fc.integer({ min: -3, max: 3 }), fc.boolean())
    .map(([edge, ulps, negative]) => {
      let x: number = edge
      for (let i = 0; i < Math.abs(ulps); i++) x = ulps > 0 ? x + x * Number.EPSILON : x - x * Number.EPSILON
      return negative ? -x : x
    })

  const samples = [
    ['arbitrary doubles', anyDouble],
    ['round(x, 2) values', rounded],
    ['computed percentages', percentages],
    ['values at the notation edges', edges],
  ] as const

  it.each(samples)('json_encode text on %s', (_name, values) => {
    fc.assert(
      fc.property(values, (x) => formatFloatJson(x) === formatFloatJsonExact(x)),
      { numRuns: 2000 },
    )
  })

  it.each(samples)('(string) text on %s', (_name, values) => {
    fc.assert(
      fc.property(values, (x) => formatFloatString(x) === formatFloatStringExact(x)),
      { numRuns: 2000 },
    )
  })

  it('agree on the values whose digits need every one of 14 or 17 places', () => {
    for (const x of [0.1 + 0.2, 1 / 3, 2 / 3, 123456789012.345, 99999999999999.9, 0.00010000000000000002]) {
      expect(formatFloatJson(x)).toBe(formatFloatJsonExact(x))
      expect(formatFloatString(x)).toBe(formatFloatStringExact(x))
    }
  })
})
