// A SqlClient that answers from hand-made rows and records what was asked,
// for unit tests of the handlers' assembly logic without a database.
import type { Databases, Row, SqlClient } from '../../../../src/lib/db-types.ts'

export interface SqlCall {
  sql: string
  params: readonly unknown[]
  streamed: boolean
}

/** Answers each query with the rows of the first script entry whose pattern matches the SQL. */
export function scriptedSql(
  script: ReadonlyArray<readonly [RegExp, Row[]]>,
  calls: SqlCall[] = [],
): SqlClient & { calls: SqlCall[]; pulled: number } {
  const rowsFor = (sql: string): Row[] => {
    const entry = script.find(([pattern]) => pattern.test(sql))
    if (!entry) throw new Error(`unscripted query: ${sql}`)
    return entry[1]
  }
  const client = {
    calls,
    /** Rows handed out by stream() so far: shows how lazily a consumer pulls. */
    pulled: 0,
    async query(sql: string, params: readonly unknown[] = []) {
      calls.push({ sql, params, streamed: false })
      return rowsFor(sql)
    },
    stream(sql: string, params: readonly unknown[] = []): AsyncIterable<Row> {
      calls.push({ sql, params, streamed: true })
      const rows = rowsFor(sql)
      return (async function* () {
        for (const row of rows) {
          client.pulled++
          yield row
        }
      })()
    },
  }
  return client
}

/** Wraps real clients to count the queries a handler issues. */
export function countingDatabases(db: Databases, calls: SqlCall[]): Databases {
  const wrap = (client: SqlClient): SqlClient => ({
    query: (sql, params = []) => {
      calls.push({ sql, params, streamed: false })
      return client.query(sql, params)
    },
    stream: (sql, params = []) => {
      calls.push({ sql, params, streamed: true })
      return client.stream(sql, params)
    },
  })
  return { console: wrap(db.console), aggregate: wrap(db.aggregate) }
}
