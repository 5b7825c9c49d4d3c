// A Node-side SqlClient for tests and tools: the same contract the Worker's
// src/lib/db.ts offers (mysqli-style string rows, parameterised queries,
// row streaming), over a plain mysql2 connection as the read-only user.
import type { Connection as CoreConnection } from 'mysql2'
import { createConnection, type Connection } from 'mysql2/promise'
import type { Databases, Row, SqlClient } from '../../../src/lib/db-types.ts'
import { phpTypeCast } from '../../../src/lib/mysql-row.ts'
import {
  AGGREGATE_DATABASE,
  CONSOLE_DATABASE,
  READ_ONLY_PASSWORD,
  READ_ONLY_USER,
  adminTarget,
} from '../../../scripts/db/connection.ts'

export interface ClosableSqlClient extends SqlClient {
  close(): Promise<void>
}

export async function openSqlClient(database: string, target = adminTarget()): Promise<ClosableSqlClient> {
  const connection: Connection = await createConnection({
    host: target.host,
    port: target.port,
    user: READ_ONLY_USER,
    password: READ_ONLY_PASSWORD,
    database,
    charset: 'utf8mb4_unicode_ci',
    typeCast: phpTypeCast,
    supportBigNumbers: true,
    bigNumberStrings: true,
  })
  return {
    async query(sql, params = []) {
      const [rows] = await connection.query(sql, params as unknown[])
      return rows as Row[]
    },
    stream(sql, params = []) {
      // The core (callback) connection streams; the promise wrapper cannot (and its typings hide it).
      const core = (connection as unknown as { connection: CoreConnection }).connection
      return core.query(sql, params as unknown[]).stream() as AsyncIterable<Row>
    },
    // destroy, not end: a stream left half-read (a lazy list the renderer never
    // needed) would keep end() waiting behind it forever.
    close: async () => connection.destroy(),
  }
}

export interface ClosableDatabases extends Databases {
  close(): Promise<void>
}

export async function openDatabases(): Promise<ClosableDatabases> {
  const [consoleDb, aggregate] = await Promise.all([
    openSqlClient(CONSOLE_DATABASE),
    openSqlClient(AGGREGATE_DATABASE),
  ])
  return {
    console: consoleDb,
    aggregate,
    close: async () => {
      await Promise.all([consoleDb.close(), aggregate.close()])
    },
  }
}

/** Runs `use` on fresh connections, closed afterwards whatever happened to their streams. */
export async function withDatabases<T>(use: (db: Databases) => Promise<T>): Promise<T> {
  const db = await openDatabases()
  try {
    return await use(db)
  } finally {
    await db.close()
  }
}
