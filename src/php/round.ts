// PHP 8.2 round($value, $places) in PHP_ROUND_HALF_UP mode (ext/standard/math.c
// _php_math_round). PHP 8.2 still "pre-rounds" the value to 15 significant
// digits before rounding to the requested places, which is why
// round(1.005, 2) is 1.01 in PHP while Math.round(1.005 * 100) / 100 is 1.
// The pre-rounding was removed in PHP 8.3, so this must not be "simplified".

const EXACT_POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`))

/** php_intpow10: exact table for 0..22, the correctly rounded power beyond. */
function intPow10(power: number): number {
  return power >= 0 && power <= 22 ? EXACT_POWERS_OF_TEN[power]! : Number(`1e${power}`)
}

/** php_round_helper for PHP_ROUND_HALF_UP: half away from zero. */
function roundHalfUp(value: number): number {
  return value >= 0 ? Math.floor(value + 0.5) : Math.ceil(value - 0.5)
}

/** Scale by 10^places (dividing for negative places), as php_round_get_basic does. */
function scale(value: number, places: number): number {
  const factor = intPow10(Math.abs(places))
  return places >= 0 ? value * factor : value / factor
}

/**
 * PHP 8.2 `round($value, $places)` for a float. Always a float (number); an int
 * argument is the caller's job: PHP returns `(float)$int` for places >= 0.
 */
export function phpRound(value: number, places = 0): number {
  if (!Number.isFinite(value) || value === 0) return value

  const precisionPlaces = 14 - Math.floor(Math.log10(Math.abs(value)))
  const f1 = intPow10(Math.abs(places))
  let tmp: number

  if (precisionPlaces > places && precisionPlaces - 15 < places) {
    // Pre-round to 15 significant digits, then move the decimal point back to `places`.
    tmp = roundHalfUp(scale(value, precisionPlaces))
    tmp = tmp / intPow10(Math.abs(places - precisionPlaces))
  } else {
    tmp = scale(value, places)
    // Beyond double precision: rounding would be meaningless, PHP returns the value.
    if (Math.abs(tmp) >= 1e15) return value
  }

  tmp = roundHalfUp(tmp)

  if (Math.abs(places) < 23) {
    tmp = places > 0 ? tmp / f1 : tmp * f1
  } else {
    // PHP goes through snprintf("%15fe%d") and strtod for very large place counts.
    tmp = Number(`${tmp.toFixed(6)}e${-places}`)
    if (!Number.isFinite(tmp)) return value
  }
  return tmp
}
