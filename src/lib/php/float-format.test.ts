/* eslint-disable no-loss-of-precision -- these literals are PHP's own float inputs, rounded exactly as PHP rounds them */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { formatFloatJson, formatFloatString } from './float-format.ts'

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
        // Away from exact decimal ties, round-half-even and JavaScript's toPrecision agree.
        return digits.length <= 14 && Number(text) === Number(d.toPrecision(14))
      }),
    )
  })
})
