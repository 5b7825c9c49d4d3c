// Streamed query results for lazy lists. The first row is read before the
// handler returns, so a failing database (or query) still surfaces as an
// error before any response byte is written; the rest is pulled row by row
// as the renderer asks for it.
import type { Row } from '../lib/db-types.ts'

export async function* mapRows<T>(rows: AsyncIterable<Row>, convert: (row: Row) => T): AsyncGenerator<T> {
  for await (const row of rows) yield convert(row)
}

/** `rows` with its first item already fetched (memory: one row), replayed first. */
export async function primed<T>(rows: AsyncIterable<T>): Promise<AsyncIterable<T>> {
  const iterator = rows[Symbol.asyncIterator]()
  const first = await iterator.next()
  async function* replay(): AsyncGenerator<T> {
    if (first.done) return
    yield first.value
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value
    } finally {
      // A consumer that stops early (client gone) releases the query.
      await iterator.return?.()
    }
  }
  return replay()
}
