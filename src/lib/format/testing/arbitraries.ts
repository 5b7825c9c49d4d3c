// Test support: fast-check generators of PHP values and a lazy-list wrapper.
import fc from 'fast-check'
import { lazyList, type PhpAssoc, type PhpValue } from '../php-value.ts'

/** Keys PHP keeps as strings (never index-like, which JavaScript would reorder). */
export const phpKey = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/)

export const phpScalar: fc.Arbitrary<PhpValue> = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.string({ unit: 'grapheme' }),
  fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
)

export const phpValue: fc.Arbitrary<PhpValue> = fc.letrec<{ value: PhpValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    phpScalar,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(phpKey, tie('value'), { maxKeys: 4 }) as fc.Arbitrary<PhpAssoc>,
  ),
})).value

/** A lazy list yielding `items`, counting how many were pulled. */
export function countingLazyList(items: PhpValue[]): { list: PhpValue; pulled: () => number } {
  let pulled = 0
  async function* produce() {
    for (const item of items) {
      pulled++
      yield item
    }
  }
  return { list: lazyList(produce()), pulled: () => pulled }
}

/** Replaces every list in `value` by an equivalent lazy list (a fresh one per call). */
export function lazify(value: PhpValue): PhpValue {
  if (Array.isArray(value)) return countingLazyList(value.map(lazify)).list
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, lazify(v)]))
  }
  return value
}
