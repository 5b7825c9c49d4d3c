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

/** json_encode's float text (serialize_precision = -1). Non-finite floats are the caller's problem. */
export function formatFloatJson(value: number): string {
  return nonFinite(value) ?? layout(shortestDigits(value), 17, 'e')
}

/** `(string)$float` with precision = 14. */
export function formatFloatString(value: number): string {
  return nonFinite(value) ?? layout(roundedDigits(value, 14), 14, 'E')
}
