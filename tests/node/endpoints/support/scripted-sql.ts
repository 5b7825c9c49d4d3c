// A SqlClient that answers from hand-made rows and records what was asked,
// for unit tests of the endpoints' assembly logic (the same logic runs
// against MariaDB in the recorded-body tests).
import type { Row, RowBatches, RowValues, SqlClient } from '@adventive/worker-kit/db'
import type { Databases } from '../../../../src/endpoints/endpoint.ts'

export interface SqlCall {
  sql: string
  params: readonly unknown[]
  streamed: boolean
}

export interface ScriptedSql extends SqlClient {
  calls: SqlCall[]
  /** Rows handed out by streams so far: shows how lazily a consumer reads. */
  pulled: number
  /** Streams cancelled so far. */
  cancelled: number
}

/**
 * Answers each query with the rows of the first script entry whose pattern
 * matches the SQL; streams hand them out in batches of `batchRows`.
 */
export function scriptedSql(
  script: ReadonlyArray<readonly [RegExp, RowValues[] | Error]>,
  batchRows = 2,
): ScriptedSql {
  const rowsFor = (sql: string): RowValues[] | Error => {
    const entry = script.find(([pattern]) => pattern.test(sql))
    if (!entry) throw new Error(`unscripted query: ${sql}`)
    return entry[1]
  }
  const client: ScriptedSql = {
    calls: [],
    pulled: 0,
    cancelled: 0,
    async query(sql, params = []) {
      client.calls.push({ sql, params, streamed: false })
      const rows = rowsFor(sql)
      if (rows instanceof Error) throw rows
      return rows as unknown as Row[]
    },
    stream(sql, params = []): RowBatches {
      client.calls.push({ sql, params, streamed: true })
      const rows = rowsFor(sql)
      let at = 0
      let done = false
      return {
        async next() {
          if (rows instanceof Error) throw rows
          if (done || at >= rows.length) return null
          const batch = rows.slice(at, at + batchRows)
          at += batch.length
          client.pulled += batch.length
          return batch
        },
        cancel() {
          if (!done) client.cancelled++
          done = true
        },
      }
    },
    close() {},
  }
  return client
}

/** Wraps real clients to record the queries an endpoint issues. */
export function recordingDatabases(db: Databases, calls: SqlCall[]): Databases {
  const wrap = (client: SqlClient): SqlClient => ({
    query: (sql, params = []) => {
      calls.push({ sql, params, streamed: false })
      return client.query(sql, params)
    },
    stream: (sql, params = [], batchRows) => {
      calls.push({ sql, params, streamed: true })
      return client.stream(sql, params, batchRows)
    },
    close: () => client.close(),
  })
  return { console: wrap(db.console), aggregate: wrap(db.aggregate) }
}
