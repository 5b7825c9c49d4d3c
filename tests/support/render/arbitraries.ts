// Test support: fast-check generators of PHP values, and lazy lists / tables
// over plain arrays that count what the renderer pulled.
import fc from 'fast-check'
import {
  lazyList,
  lazyTable,
  type PhpAssoc,
  type PhpScalar,
  type PhpValue,
} from '../../../src/render/php-value.ts'

/** Keys PHP keeps as strings (never index-like, which JavaScript would reorder). */
export const phpKey = fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/)

export const phpScalar: fc.Arbitrary<PhpScalar> = fc.oneof(
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

/** A query result's shape: column names and rows of scalars aligned with them. */
export const phpTable = fc.uniqueArray(phpKey, { minLength: 0, maxLength: 4 }).chain((columns) =>
  fc.record({
    columns: fc.constant(columns),
    rows: fc.array(fc.tuple(...columns.map(() => phpScalar)) as fc.Arbitrary<PhpScalar[]>, {
      maxLength: 6,
    }),
  }),
)

/** Splits items into batches of `size` (the last may be shorter). */
function batchesOf<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

export interface Counted<L> {
  list: L
  /** Items handed to the renderer so far. */
  pulled(): number
  /** Whether the renderer (or a cancel) closed the list. */
  closed(): boolean
}

/** Batches of `items` handed out one per call, counted, with a close flag: a lazy list's producer. */
function countingBatches<T>(items: readonly T[], batchSize: number) {
  const batches = batchesOf(items, batchSize)
  let pulled = 0
  let closed = false
  return {
    next: async () => {
      const batch = batches.shift()
      if (batch === undefined) return null
      pulled += batch.length
      return batch
    },
    close: () => {
      closed = true
    },
    pulled: () => pulled,
    closed: () => closed,
  }
}

/** A lazy list yielding `items` in batches of `batchSize`, counting how many were pulled. */
export function countingLazyList(items: readonly PhpValue[], batchSize = 1): Counted<PhpValue> {
  const source = countingBatches(items, batchSize)
  return { list: lazyList(source.next, source.close), pulled: source.pulled, closed: source.closed }
}

/** A lazy table over `rows` in batches of `batchSize`, counting how many rows were pulled. */
export function countingLazyTable(
  columns: readonly string[],
  rows: readonly (readonly PhpScalar[])[],
  batchSize = 1,
): Counted<PhpValue> {
  const source = countingBatches(rows, batchSize)
  return { list: lazyTable(columns, source.next, source.close), pulled: source.pulled, closed: source.closed }
}

/** The plain PHP list of assoc arrays a table stands for. */
export function plainTable(columns: readonly string[], rows: readonly (readonly PhpScalar[])[]): PhpValue[] {
  return rows.map((row) => Object.fromEntries(columns.map((column, i) => [column, row[i]!])) as PhpAssoc)
}

/**
 * Replaces the outermost lists in `value` by equivalent lazy lists (a fresh
 * one per call). Their items stay plain: the endpoints stream lists of whole
 * items, and the renderers read only lists lazily, never what an item holds.
 */
export function lazify(value: PhpValue, batchSize = 1): PhpValue {
  if (Array.isArray(value)) return countingLazyList(value, batchSize).list
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, lazify(v, batchSize)]))
  }
  return value
}
