// The PHP value model: what the legacy app held in memory just before
// CodeIgniter's Format class turned it into bytes. Every renderer takes this,
// and every handler produces it, so int vs float vs string survives from the
// computation to the bytes.
//
//   PHP null          → null
//   PHP bool          → boolean
//   PHP string        → string   (every MySQL column value arrives as one, via mysqli)
//   PHP int (64-bit)  → bigint   (e.g. the (int) casts of data_connector=2, the int 0 of a ratio)
//   PHP float         → number   (a JS number is ALWAYS a PHP float here: round() results, divisions)
//   PHP list          → PhpValue[]            (keys 0..n-1)
//   PHP assoc array   → PhpAssoc              (insertion order is the PHP key order)
//   a list built lazily (streamed rows) → PhpLazyList
//
// PhpAssoc keys must not look like array indices ("0", "12"): JavaScript would
// reorder those. No legacy payload has such keys.

export type PhpScalar = null | boolean | string | bigint | number

export interface PhpAssoc {
  [key: string]: PhpValue
}

/**
 * A PHP list whose items are produced while the response is being written
 * (the account-wide dataconnector rows). Renders exactly like the equivalent
 * array; lets the renderers stream instead of buffering.
 */
export interface PhpLazyList {
  readonly lazy: true
  [Symbol.asyncIterator](): AsyncIterator<PhpValue>
}

export type PhpValue = PhpScalar | PhpValue[] | PhpAssoc | PhpLazyList

export function lazyList(items: AsyncIterable<PhpValue>): PhpLazyList {
  return {
    lazy: true,
    [Symbol.asyncIterator]: () => items[Symbol.asyncIterator](),
  }
}

export function isLazyList(value: unknown): value is PhpLazyList {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as PhpLazyList).lazy === true &&
    Symbol.asyncIterator in value
  )
}

export function isPhpList(value: PhpValue): value is PhpValue[] {
  return Array.isArray(value)
}

export function isPhpAssoc(value: PhpValue): value is PhpAssoc {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isLazyList(value)
}
