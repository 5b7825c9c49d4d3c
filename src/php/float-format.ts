// PHP float → text, exactly as zend_gcvt (Zend/zend_strtod.c, formerly
// php_gcvt) prints it. Two settings matter to the legacy API:
//   - serialize_precision = -1 (json_encode): the shortest digits that round-trip
//     (zend_dtoa mode 0), exponent form when the decimal exponent is > 17 or < -3:
//     `1.0e+17`, `1.0e-5`, `1000000000000000`, `0.0001`;
//   - precision = 14 ((string)$float, used by the XML and CSV renderers): 14
//     significant digits, correctly rounded with ties to even (zend_dtoa mode 2),
//     trailing zeros dropped, exponent form with `E` when the decimal exponent
//     is > 14 or < -3: `9007199254741`, `1.0E+14`, `1.0E-5`.

interface Digits {
  readonly negative: boolean
  /** Significant digits, no trailing zeros ("0" for zero). */
  readonly digits: string
  /** Position of the decimal point relative to the first digit (dtoa's decpt). */
  readonly decpt: number
}

/** Shortest round-trip digits: what JavaScript's number printing also computes. */
function shortestDigits(value: number): Digits {
  const negative = value < 0 || Object.is(value, -0)
  const [mantissa, exponent] = Math.abs(value).toExponential().split('e') as [string, string]
  return { negative, digits: mantissa.replace('.', ''), decpt: Number(exponent) + 1 }
}

/** The exact decimal expansion of a finite double: integer digits and a power of ten. */
function exactDecimal(magnitude: number): { digits: string; decpt: number } {
  const view = new DataView(new ArrayBuffer(8))
  view.setFloat64(0, magnitude)
  const bits = view.getBigUint64(0)
  const biasedExponent = Number((bits >> 52n) & 0x7ffn)
  const fraction = bits & ((1n << 52n) - 1n)
  const mantissa = biasedExponent === 0 ? fraction : fraction | (1n << 52n)
  const exponent = (biasedExponent === 0 ? 1 : biasedExponent) - 1075
  if (exponent >= 0) {
    const digits = (mantissa << BigInt(exponent)).toString()
    return { digits, decpt: digits.length }
  }
  // m / 2^k = m * 5^k / 10^k
  const digits = (mantissa * 5n ** BigInt(-exponent)).toString()
  return { digits, decpt: digits.length + exponent }
}

/** `precision` significant digits, rounded half to even on the exact value (dtoa mode 2). */
function roundedDigits(value: number, precision: number): Digits {
  const negative = value < 0 || Object.is(value, -0)
  if (value === 0) return { negative, digits: '0', decpt: 1 }
  const exact = exactDecimal(Math.abs(value))
  let { decpt } = exact
  if (exact.digits.length <= precision) return { negative, digits: exact.digits.replace(/0+$/, ''), decpt }

  let kept = BigInt(exact.digits.slice(0, precision))
  const rest = exact.digits.slice(precision)
  const half = '5'.padEnd(rest.length, '0')
  if (rest > half || (rest === half && kept % 2n === 1n)) kept += 1n
  let digits = kept.toString()
  if (digits.length > precision) {
    // 99…9 rounded up to 100…0: one more integer digit.
    digits = digits.slice(0, precision)
    decpt += 1
  }
  return { negative, digits: digits.replace(/0+$/, '') || '0', decpt }
}

/** zend_gcvt's layout of dtoa digits. */
function layout({ negative, digits, decpt }: Digits, precision: number, exponentChar: 'e' | 'E'): string {
  const sign = negative ? '-' : ''
  if (decpt < -3 || decpt > precision) {
    const exponent = decpt - 1
    const fraction = digits.length > 1 ? digits.slice(1) : '0'
    return `${sign}${digits[0]}.${fraction}${exponentChar}${exponent < 0 ? '-' : '+'}${Math.abs(exponent)}`
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`
  if (digits.length <= decpt) return sign + digits.padEnd(decpt, '0')
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`
}

function nonFinite(value: number): string | undefined {
  if (Number.isNaN(value)) return 'NAN'
  if (value === Infinity) return 'INF'
  if (value === -Infinity) return '-INF'
  return undefined
}

/** json_encode's float text (serialize_precision = -1), by the dtoa digits and zend_gcvt's layout. */
export function formatFloatJsonExact(value: number): string {
  return nonFinite(value) ?? layout(shortestDigits(value), 17, 'e')
}

/** `(string)$float` with precision = 14, by the exact decimal expansion. */
export function formatFloatStringExact(value: number): string {
  return nonFinite(value) ?? layout(roundedDigits(value, 14), 14, 'E')
}

// The fast paths below print a float with JavaScript's own number-to-text,
// which is correct for the values the API produces (ratios rounded to two
// places) and is checked against the exact forms above by property tests.
//
// Between 1e-4 and 1e15, JavaScript writes the shortest round-trip digits in
// plain decimal notation, exactly as zend_gcvt lays them out for
// serialize_precision -1 (its exponent form starts below 1e-4 and above 1e17).
const PLAIN_MIN = 1e-4
const JSON_PLAIN_MAX = 1e15
// For precision 14, the same text is right when it has at most 14
// significant digits: the shortest round-trip digits then ARE the value
// correctly rounded to 14 digits (a double's error is far below half a unit
// of the 14th digit, so no tie or carry can differ).
const STRING_PLAIN_MAX = 1e14

/**
 * The text of a float that is a whole number of hundredths (every ratio the
 * API computes: PHP round(x, 2)), or undefined. When `value` is exactly the
 * double nearest to n/100, that decimal — at most `maxDigits` significant
 * digits, trailing zeros dropped — is the shortest text that reads back as
 * `value`, i.e. what both PHP settings print; integer arithmetic makes it
 * without the general float-to-text algorithm.
 */
function hundredths(value: number, maxHundredths: number): string | undefined {
  const n = Math.round(value * 100)
  if (n / 100 !== value || n === 0 || n >= maxHundredths || n <= -maxHundredths) return undefined
  const magnitude = n < 0 ? -n : n
  const whole = Math.floor(magnitude / 100)
  const cents = magnitude - whole * 100
  const sign = n < 0 ? '-' : ''
  if (cents === 0) return `${sign}${whole}`
  if (cents % 10 === 0) return `${sign}${whole}.${cents / 10}`
  return `${sign}${whole}.${cents < 10 ? '0' : ''}${cents}`
}

/** Hundredths below 10^15 have at most 15 significant digits: distinct doubles, plain notation in JSON. */
const JSON_HUNDREDTHS = 1e15
/** Precision 14 keeps at most 14 significant digits. */
const STRING_HUNDREDTHS = 1e14

/** json_encode's float text (serialize_precision = -1). Non-finite floats are the caller's problem. */
export function formatFloatJson(value: number): string {
  const fast = hundredths(value, JSON_HUNDREDTHS)
  if (fast !== undefined) return fast
  const magnitude = value < 0 ? -value : value
  if (magnitude >= PLAIN_MIN && magnitude < JSON_PLAIN_MAX) return String(value)
  return formatFloatJsonExact(value)
}

/** Significant digits of JavaScript's plain decimal text of a number (sign, point and leading zeros aside). */
function significantDigits(text: string): number {
  let count = 0
  let leading = true
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 48 || c > 57) continue
    if (leading && c === 48) continue
    leading = false
    count++
  }
  return count
}

/** `(string)$float` with precision = 14. */
export function formatFloatString(value: number): string {
  const fast = hundredths(value, STRING_HUNDREDTHS)
  if (fast !== undefined) return fast
  const magnitude = value < 0 ? -value : value
  if (magnitude >= PLAIN_MIN && magnitude < STRING_PLAIN_MAX) {
    const text = String(value)
    if (significantDigits(text) <= 14) return text
  }
  return formatFloatStringExact(value)
}
