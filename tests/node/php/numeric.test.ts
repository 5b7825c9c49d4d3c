/* eslint-disable no-loss-of-precision -- these literals are PHP's own float inputs, rounded exactly as PHP rounds them */
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { recordedFixtureSteps } from '../../../parity/lib/fixtures.ts'
import { utf8 } from '../../../parity/lib/recorded-steps.ts'
import { isPhpAssoc, type PhpValue } from '../../../src/render/php-value.ts'
import { parsePhpJson } from '../../support/render/php-json-parser.ts'
import {
  avgInteractionTime,
  completionRate,
  ctr,
  divide,
  engagementRate,
  greaterThanZero,
  intCast,
  multiply,
  parseNumericString,
  PHP_INT_MAX,
  toNumber,
  type PhpOperand,
} from '../../../src/php/numeric.ts'
import { phpRound } from '../../../src/php/round.ts'

describe('PHP numeric strings', () => {
  it('reads an integer string that fits in int64 as an int', () => {
    expect(toNumber('9223372036854775807')).toBe(9223372036854775807n)
    expect(toNumber('-9223372036854775808')).toBe(-9223372036854775808n)
    expect(toNumber('007')).toBe(7n)
  })

  it('reads an integer string beyond int64 as a float, like zend_strtod', () => {
    expect(toNumber('9223372036854775808')).toBe(9223372036854775808)
    expect(toNumber('12000001332814927394')).toBe(12000001332814927394)
  })

  it('reads decimals and exponents as floats', () => {
    expect(toNumber('1.5')).toBe(1.5)
    expect(toNumber('1e3')).toBe(1000)
    expect(toNumber('.5')).toBe(0.5)
    expect(toNumber('5.')).toBe(5)
  })

  it('accepts surrounding whitespace as PHP 8 does', () => {
    expect(parseNumericString(' 12 ')).toBe(12n)
  })

  it('rejects non-numeric strings in arithmetic (PHP 8 TypeError)', () => {
    expect(() => toNumber('abc')).toThrow(TypeError)
    expect(parseNumericString('12abc')).toBeUndefined()
  })

  it('treats null as int 0', () => {
    expect(toNumber(null)).toBe(0n)
  })
})

describe('PHP comparison $v > 0', () => {
  it('compares numeric strings numerically, huge ones included', () => {
    expect(greaterThanZero('0')).toBe(false)
    expect(greaterThanZero('1')).toBe(true)
    expect(greaterThanZero('12000001332814927394')).toBe(true)
    expect(greaterThanZero('-3')).toBe(false)
  })

  it('is false for null and the int 0 of a missing video row', () => {
    expect(greaterThanZero(null)).toBe(false)
    expect(greaterThanZero(0n)).toBe(false)
  })

  it('compares a non-numeric string with "0" as strings (PHP 8)', () => {
    expect(greaterThanZero('abc')).toBe(true)
    expect(greaterThanZero('')).toBe(false)
  })
})

describe('PHP division', () => {
  it('gives an int for an exact int division ("1" / "1" is int 1)', () => {
    expect(divide('1', '1')).toBe(1n)
    expect(divide('10', '5')).toBe(2n)
  })

  it('gives a float for an inexact int division', () => {
    expect(divide('1', '3')).toBe(1 / 3)
  })

  it('divides the doubles when an operand is beyond int64', () => {
    expect(divide('30000003332037317', '12000001332814927394')).toBe(30000003332037317 / 12000001332814927394)
  })

  it('answers a float for PHP_INT_MIN / -1', () => {
    expect(divide(-9223372036854775808n, -1n)).toBe(9223372036854775808)
  })

  it('throws on division by zero (DivisionByZeroError)', () => {
    expect(() => divide('1', '0')).toThrow(RangeError)
    expect(() => divide(1.5, 0n)).toThrow(RangeError)
  })

  it('is exact for ints beyond 2^53', () => {
    expect(divide('18014398509481986', '2')).toBe(9007199254740993n)
  })
})

describe('PHP multiplication', () => {
  it('keeps int * int as an int while it fits', () => {
    expect(multiply(92233720368547758n, 100n)).toBe(9223372036854775800n)
  })

  it('overflows int * int to a float product of the doubles', () => {
    expect(multiply(9223372036854775807n, 2n)).toBe(Number(9223372036854775807n) * 2)
  })

  it('gives a float as soon as one operand is a float', () => {
    expect(multiply(0.5, 100n)).toBe(50)
    expect(typeof multiply(0.5, 100n)).toBe('number')
  })
})

describe('PHP (int) cast', () => {
  it('is exact for integer strings up to 2^63 - 1', () => {
    expect(intCast('9007199254740993')).toBe(9007199254740993n)
    expect(intCast('9223372036854775807')).toBe(9223372036854775807n)
  })

  it('saturates numeric strings beyond int64 at PHP_INT_MAX / PHP_INT_MIN', () => {
    expect(intCast('12000001332814927394')).toBe(9223372036854775807n)
    expect(intCast('24036056513094781152')).toBe(9223372036854775807n)
    expect(intCast('-99999999999999999999')).toBe(-9223372036854775808n)
  })

  it('truncates decimal strings and reads a leading number ("12abc" is 12, "abc" is 0)', () => {
    expect(intCast('9.99')).toBe(9n)
    expect(intCast('-9.99')).toBe(-9n)
    expect(intCast('12abc')).toBe(12n)
    expect(intCast('abc')).toBe(0n)
    expect(intCast('1e3')).toBe(1000n)
  })

  it('casts null to 0 and leaves ints alone', () => {
    expect(intCast(null)).toBe(0n)
    expect(intCast(5n)).toBe(5n)
  })
})

describe('the legacy computations', () => {
  it('answers int 0 when the denominator is not > 0', () => {
    expect(ctr('5', '0')).toBe(0n)
    expect(engagementRate('5', '0')).toBe(0n)
    expect(avgInteractionTime('1000', '0')).toBe(0n)
    expect(completionRate(0n, 0n)).toBe(0n)
  })

  it('answers a float zero for 0 / n (prints 0 like the int)', () => {
    expect(ctr('0', '7')).toBe(0)
    expect(typeof ctr('0', '7')).toBe('number')
  })

  it('answers a float for an exact division (round() of an int is a float)', () => {
    expect(ctr('1', '1')).toBe(100)
    expect(typeof ctr('1', '1')).toBe('number')
    expect(ctr('10005', '1000')).toBe(1000.5)
  })

  it('rounds half away from zero after pre-rounding (PHP 8.2 round)', () => {
    expect(ctr('1', '3')).toBe(33.33)
    expect(completionRate('2', '3')).toBe(66.67)
    // 0.285 * 100 = 28.499999999999996 in doubles; PHP pre-rounds it to 28.5.
    expect(ctr('57', '200')).toBe(28.5)
    expect(avgInteractionTime('2010', '2')).toBe(1.01)
  })

  it('divides huge sums as doubles (ratios beyond 2^63)', () => {
    expect(ctr('30000003332037317', '12000001332814927394')).toBe(0.25)
    expect(engagementRate('12000001332814926', '12000001332814927394')).toBe(0.1)
  })

  it('averages interaction time in seconds', () => {
    expect(avgInteractionTime('3000', '2')).toBe(1.5)
    expect(avgInteractionTime('2000', '2')).toBe(1)
  })

  it('always yields a finite float or int 0 for non-negative counts', () => {
    const count = fc.bigInt({ min: 0n, max: 2n ** 70n }).map(String)
    fc.assert(
      fc.property(count, count, (a, b) => {
        const r = ctr(a, b)
        return r === 0n || (typeof r === 'number' && Number.isFinite(r) && r >= 0)
      }),
    )
  })
})

// Recorded rows carry both the sums (strings) and what PHP computed from them.
function recordedRows(): Record<string, PhpValue>[] {
  const rows: Record<string, PhpValue>[] = []
  const visit = (v: PhpValue) => {
    if (Array.isArray(v)) v.forEach(visit)
    else if (isPhpAssoc(v)) rows.push(v)
  }
  for (const step of recordedFixtureSteps().filter((s) => s.format === 'json')) {
    visit(parsePhpJson(utf8(step.body)))
  }
  return rows
}

describe('the computations against every recorded row', () => {
  const rows = recordedRows()
  const withKeys = (...keys: string[]) => rows.filter((r) => keys.every((k) => k in r))
  const asOperand = (v: PhpValue) => v as string | bigint

  it('reproduces every recorded ctr and engagement_rate', () => {
    const kpi = withKeys('impressions', 'clicks', 'engagements', 'ctr', 'engagement_rate')
    expect(kpi.length).toBeGreaterThan(300)
    for (const r of kpi) {
      expect(Number(ctr(asOperand(r.clicks!), asOperand(r.impressions!)))).toBe(r.ctr)
      expect(Number(engagementRate(asOperand(r.engagements!), asOperand(r.impressions!)))).toBe(
        r.engagement_rate,
      )
    }
  })

  it('reproduces every recorded completion_rate, absent video rows (int 0) included', () => {
    const video = withKeys('video_starts', 'video_completes', 'completion_rate')
    expect(video.length).toBeGreaterThan(50)
    for (const r of video) {
      expect(Number(completionRate(asOperand(r.video_completes!), asOperand(r.video_starts!)))).toBe(
        r.completion_rate,
      )
    }
  })

  it('reproduces the data_connector=2 ratios from the int-cast counts below 2^63', () => {
    const dc2 = withKeys('impressions', 'clicks', 'engagementRate', 'videoStarts', 'completionRate').filter(
      (r) => (r.impressions as bigint) < 9223372036854775807n,
    )
    expect(dc2.length).toBeGreaterThan(50)
    for (const r of dc2) {
      expect(Number(ctr(asOperand(r.clicks!), asOperand(r.impressions!)))).toBe(r.ctr)
      expect(Number(engagementRate(asOperand(r.engagements!), asOperand(r.impressions!)))).toBe(
        r.engagementRate,
      )
      expect(Number(completionRate(asOperand(r.videoCompletes!), asOperand(r.videoStarts!)))).toBe(
        r.completionRate,
      )
    }
  })
})

// The legacy formulas spelled out with PHP's operators (toNumber, divide,
// multiply, round): the general path every value could take. The exported
// ratios take a double-only fast path for short digit strings; both must agree.
const toFloat = (n: bigint | number) => (typeof n === 'bigint' ? Number(n) : n)
const generalPercentage = (part: PhpOperand, whole: PhpOperand) =>
  greaterThanZero(whole) ? phpRound(toFloat(multiply(divide(part, whole), 100n)), 2) : 0n
const generalAverage = (ms: PhpOperand, engagements: PhpOperand) =>
  greaterThanZero(engagements) ? phpRound(toFloat(divide(divide(ms, engagements), 1000n)), 2) : 0n

describe('the numeric fast paths equal the general (int/float) paths', () => {
  // Digit strings as MySQL sums print them, up to 19 digits (beyond int64 too), leading zeros included.
  const digits = fc.oneof(
    fc.bigInt({ min: 0n, max: 10n ** 19n - 1n }).map(String),
    fc.integer({ min: 0, max: 1_000_000 }).map(String),
    fc.stringMatching(/^[0-9]{1,19}$/),
  )

  it('ctr, engagement_rate and completion_rate', () => {
    fc.assert(
      fc.property(digits, digits, (part, whole) => {
        const expected = generalPercentage(part, whole)
        expect(ctr(part, whole)).toStrictEqual(expected)
        expect(engagementRate(part, whole)).toStrictEqual(expected)
        expect(completionRate(part, whole)).toStrictEqual(expected)
      }),
      { numRuns: 5000 },
    )
  })

  it('avg_interaction_time', () => {
    fc.assert(
      fc.property(digits, digits, (ms, engagements) => {
        expect(avgInteractionTime(ms, engagements)).toStrictEqual(generalAverage(ms, engagements))
      }),
      { numRuns: 5000 },
    )
  })

  it('(int) of a digit string, saturating at PHP_INT_MAX', () => {
    fc.assert(
      fc.property(digits, (v) => {
        const exact = BigInt(v)
        expect(intCast(v)).toBe(exact > PHP_INT_MAX ? PHP_INT_MAX : exact)
      }),
      { numRuns: 5000 },
    )
  })

  it('agree on the divisions whose quotient is exact (an int in PHP) and on zero denominators', () => {
    for (const [part, whole] of [
      ['0', '0'],
      ['5', '0'],
      ['100', '4'],
      ['999999999999999', '3'],
      ['999999999999999', '999999999999999'],
      ['1', '999999999999999'],
    ] as const) {
      expect(ctr(part, whole)).toStrictEqual(generalPercentage(part, whole))
      expect(avgInteractionTime(part, whole)).toStrictEqual(generalAverage(part, whole))
    }
  })
})
