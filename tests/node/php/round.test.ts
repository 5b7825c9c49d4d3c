import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { phpRound } from '../../../src/php/round.ts'

describe('PHP 8.2 round()', () => {
  it.each([
    [1.005, 2, 1.01],
    [0.285, 2, 0.29],
    [1.955, 2, 1.96],
    [5.055, 2, 5.06],
    [-1.005, 2, -1.01],
    [2.5, 0, 3],
    [-2.5, 0, -3],
    [1.45, 1, 1.5],
    [1234567.891, -3, 1235000],
    [33.333333333333336, 2, 33.33],
    [1000.5, 2, 1000.5],
    [9007199254740.99, 2, 9007199254740.99],
  ])('round(%s, %s) is %s (pre-rounding, half away from zero)', (value, places, expected) => {
    expect(phpRound(value, places)).toBe(expected)
  })

  it('rounds 0.49999999999999994 up to 1, the PHP 8.2 behaviour fixed only in 8.3 (GH-12143)', () => {
    expect(phpRound(0.49999999999999994)).toBe(1)
  })

  it('returns zero, infinities and NaN unchanged (-0.0 stays -0)', () => {
    expect(Object.is(phpRound(-0, 2), -0)).toBe(true)
    expect(phpRound(Infinity, 2)).toBe(Infinity)
    expect(phpRound(NaN, 2)).toBeNaN()
  })

  it('returns values beyond double precision unchanged', () => {
    expect(phpRound(1.2345678901234567e20, 2)).toBe(1.2345678901234567e20)
  })

  it('is idempotent and moves a value by at most half a unit of the last place', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e9, max: 1e9, noNaN: true }), (d) => {
        const r = phpRound(d, 2)
        return phpRound(r, 2) === r && Math.abs(r - d) <= 0.005 + Math.abs(d) * 1e-14
      }),
    )
  })
})
