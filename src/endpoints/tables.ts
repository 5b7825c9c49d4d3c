// Query results as the PHP lists the endpoints return: streamed, batch by
// batch, with an optional per-row conversion (computed columns, filters).
// A conversion is a plain function call per row: no async step, no object
// per row, so reading rows costs what rendering them needs and no more.
import type { RowBatches, RowValues } from '@adventive/worker-kit/db'
import {
  lazyList,
  lazyTable,
  type PhpLazyList,
  type PhpLazyTable,
  type PhpScalar,
  type PhpValue,
} from '../render/php-value.ts'

/** One output row for an input row, or null to leave the row out. */
export type RowConversion = (row: RowValues) => readonly PhpScalar[] | null

/** The rows as they come (their values are already the strings PHP saw). */
export function tableOf(rows: RowBatches, columns: readonly string[], convert?: RowConversion): PhpLazyTable {
  if (!convert)
    return lazyTable(
      columns,
      () => rows.next(),
      () => rows.cancel(),
    )
  return lazyTable(
    columns,
    async () => {
      for (;;) {
        const batch = await rows.next()
        if (batch === null) return null
        const out: (readonly PhpScalar[])[] = []
        for (const row of batch) {
          const converted = convert(row)
          if (converted !== null) out.push(converted)
        }
        // A batch filtered down to nothing is not the end: read on.
        if (out.length > 0) return out
      }
    },
    () => rows.cancel(),
  )
}

/** Batches of any PHP values built from rows (shapes that are not flat tables). */
export function listOf(rows: RowBatches, convert: (row: RowValues) => PhpValue): PhpLazyList {
  return lazyList(
    async () => {
      const batch = await rows.next()
      return batch === null ? null : batch.map(convert)
    },
    () => rows.cancel(),
  )
}
