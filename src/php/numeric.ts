// PHP 8.2 (64-bit) arithmetic on the values the legacy handlers computed with:
// MySQL column values arrive as PHP strings (mysqli), ints are 64-bit, floats
// are doubles. JavaScript numbers are doubles, so PHP ints are modelled as
// bigint to keep sums beyond 2^53 exact.
//
// Exports (used by the handlers):
//   type PhpNumber = bigint | number                 PHP int | PHP float
//   type PhpOperand = string | bigint | number | boolean | null
//   toNumber(v)            PHP's numeric conversion of an operand (int if it fits in int64)
//   greaterThanZero(v)     `$v > 0`
//   divide(a, b)           `$a / $b`   (int/int exact → int, otherwise float)
//   multiply(a, b)         `$a * $b`   (int*int overflowing → float)
//   intCast(v)             `(int)$v`   (bigint; strings saturate at ±2^63)
//   ctr(clicks, impressions)                    `impressions > 0 ? round(clicks / impressions * 100, 2) : 0`
//   engagementRate(engagements, impressions)    same with engagements
//   avgInteractionTime(interactionMs, engagements) `engagements > 0 ? round(ms / engagements / 1000, 2) : 0`
//   completionRate(completes, starts)           `starts > 0 ? round(completes / starts * 100, 2) : 0`
// The four computations return a PHP float (number) or the int 0 (0n).
import { phpRound } from './round.ts'

export type PhpNumber = bigint | number
export type PhpOperand = string | bigint | number | boolean | null

export const PHP_INT_MAX = 9223372036854775807n
export const PHP_INT_MIN = -9223372036854775808n

// PHP's numeric-string grammar (is_numeric_string): optional leading and
// trailing whitespace, sign, digits with an optional fraction, optional exponent.
const NUMERIC_STRING = /^[ \t\n\r\v\f]*([+-]?)(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$/
const WHITESPACE = /^[ \t\n\r\v\f]+|[ \t\n\r\v\f]+$/g

const fitsInt64 = (n: bigint) => n >= PHP_INT_MIN && n <= PHP_INT_MAX

/** PHP int (bigint) or float (number) for a numeric string; undefined when it is not numeric. */
export function parseNumericString(s: string): PhpNumber | undefined {
  const match = NUMERIC_STRING.exec(s)
  if (!match) return undefined
  const text = s.replace(WHITESPACE, '')
  const isInteger = match[3] === undefined && match[4] === undefined && !match[2]!.startsWith('.')
  if (isInteger) {
    const n = BigInt(text)
    // Integer strings beyond int64 become floats (zend_strtod), as in PHP.
    if (fitsInt64(n)) return n
  }
  return Number(text)
}

/** The number PHP uses for an operand of `/`, `*` or a comparison with an int. */
export function toNumber(v: PhpOperand): PhpNumber {
  if (v === null || v === false) return 0n
  if (v === true) return 1n
  if (typeof v === 'string') {
    const n = parseNumericString(v)
    // PHP 8 throws a TypeError for arithmetic on a non-numeric string.
    if (n === undefined) throw new TypeError(`Unsupported operand: non-numeric string ${JSON.stringify(v)}`)
    return n
  }
  return v
}

const toFloat = (n: PhpNumber): number => (typeof n === 'bigint' ? Number(n) : n)

/** `$v > 0` under PHP 8 comparison rules. */
export function greaterThanZero(v: PhpOperand): boolean {
  if (typeof v === 'string') {
    const n = parseNumericString(v)
    // PHP 8 compares a non-numeric string with an int as strings: "abc" > "0".
    if (n === undefined) return v > '0'
    return n > 0
  }
  const n = toNumber(v)
  return n > 0
}

/** `$a / $b`: int when both are ints and the division is exact, otherwise a float. */
export function divide(a: PhpOperand, b: PhpOperand): PhpNumber {
  const x = toNumber(a)
  const y = toNumber(b)
  if (typeof x === 'bigint' && typeof y === 'bigint') {
    if (y === 0n) throw new RangeError('Division by zero')
    // PHP_INT_MIN / -1 does not fit an int: PHP answers a float.
    if (!(y === -1n && x === PHP_INT_MIN) && x % y === 0n) return x / y
  } else if (toFloat(y) === 0) {
    throw new RangeError('Division by zero')
  }
  return toFloat(x) / toFloat(y)
}

/** `$a * $b`: int unless an operand is a float or the int product overflows int64. */
export function multiply(a: PhpOperand, b: PhpOperand): PhpNumber {
  const x = toNumber(a)
  const y = toNumber(b)
  if (typeof x === 'bigint' && typeof y === 'bigint') {
    const product = x * y
    if (fitsInt64(product)) return product
  }
  return toFloat(x) * toFloat(y)
}

/** PHP float → int: truncation; out of range wraps modulo 2^64 (zend_dval_to_lval). */
function floatToInt(d: number): bigint {
  if (!Number.isFinite(d)) return 0n
  return BigInt.asIntN(64, BigInt(Math.trunc(d)))
}

/** `(int)$v`. A numeric string beyond int64 saturates at PHP_INT_MAX / PHP_INT_MIN. */
export function intCast(v: PhpOperand): bigint {
  if (typeof v === 'bigint') return v
  // At most 15 digits: an exact double.
  const count = exactCount(v)
  if (count !== undefined) return BigInt(count)
  if (typeof v === 'number') return floatToInt(v)
  if (typeof v === 'string') {
    const n = parseLeadingNumeric(v)
    if (typeof n === 'bigint') return n
    // zend_dval_to_lval_cap: numeric strings saturate instead of wrapping.
    if (!Number.isFinite(n)) return 0n
    if (n >= 2 ** 63) return PHP_INT_MAX
    if (n < -(2 ** 63)) return PHP_INT_MIN
    return BigInt(Math.trunc(n))
  }
  return v ? 1n : 0n
}

// (int) accepts a leading-numeric prefix ("12abc" → 12) and answers 0 for none.
const LEADING_NUMERIC = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/

function parseLeadingNumeric(s: string): PhpNumber {
  const match = LEADING_NUMERIC.exec(s)
  return match ? parseNumericString(match[0])! : 0n
}

/** `round($n, 2)`: an int argument becomes a float first (PHP returns (float)$int). */
const round2 = (n: PhpNumber): number => phpRound(toFloat(n), 2)

const MAX_EXACT_DIGITS = 15

/**
 * The value of a MySQL count or sum as the API usually sees it (only digits,
 * at most 15 of them), else undefined. Such a value is a PHP int that is also
 * an exact double, so the arithmetic below can run on doubles: `/` of two
 * exact doubles is correctly rounded, which is what PHP computes whether its
 * int division happens to be exact (an int, exactly representable) or not
 * (a float), and round() turns either into the same float. (A loop over the
 * digits: twice as fast as a regular expression on these short strings.)
 */
function exactCount(v: PhpOperand): number | undefined {
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_EXACT_DIGITS) return undefined
  let n = 0
  for (let i = 0; i < v.length; i++) {
    const digit = v.charCodeAt(i) - 0x30
    if (digit < 0 || digit > 9) return undefined
    n = n * 10 + digit
  }
  return n
}

/** `$part / $whole * 100` rounded to 2 places when `$whole > 0`, else int 0. */
function percentage(part: PhpOperand, whole: PhpOperand): number | bigint {
  const p = exactCount(part)
  const w = exactCount(whole)
  if (p !== undefined && w !== undefined) return w > 0 ? phpRound((p / w) * 100, 2) : 0n
  return greaterThanZero(whole) ? round2(multiply(divide(part, whole), 100n)) : 0n
}

/** ctr: `$r['impressions'] > 0 ? round($r['clicks'] / $r['impressions'] * 100, 2) : 0`. */
export function ctr(clicks: PhpOperand, impressions: PhpOperand): number | bigint {
  return percentage(clicks, impressions)
}

/** engagement_rate: engagements over impressions, as ctr. */
export function engagementRate(engagements: PhpOperand, impressions: PhpOperand): number | bigint {
  return percentage(engagements, impressions)
}

/** avg_interaction_time: `$r['engagements'] > 0 ? round($interaction_ms / $r['engagements'] / 1000, 2) : 0`. */
export function avgInteractionTime(interactionMs: PhpOperand, engagements: PhpOperand): number | bigint {
  const ms = exactCount(interactionMs)
  const e = exactCount(engagements)
  if (ms !== undefined && e !== undefined) return e > 0 ? phpRound(ms / e / 1000, 2) : 0n
  return greaterThanZero(engagements) ? round2(divide(divide(interactionMs, engagements), 1000n)) : 0n
}

/** completion_rate: `video_starts > 0 ? round(video_completes / video_starts * 100, 2) : 0`. */
export function completionRate(completes: PhpOperand, starts: PhpOperand): number | bigint {
  return percentage(completes, starts)
}
