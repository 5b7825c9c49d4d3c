// The endpoints' databases for tests under Node: the shared DB client of
// @adventive/worker-kit (the Workers' own, on the driver's net socket instead
// of cloudflare:sockets) as the read-only user, against the local MariaDB.
import { openSqlClient, type SqlClient } from '@adventive/worker-kit/db'
import { startDeadline } from '@adventive/worker-kit/deadline'
import { createLogger } from '@adventive/worker-kit/logger'
import type { Databases } from '../../../src/endpoints/endpoint.ts'
import {
  adminTarget,
  AGGREGATE_DATABASE,
  CONSOLE_DATABASE,
  READ_ONLY_PASSWORD,
  READ_ONLY_USER,
} from '../../../scripts/db/connection.ts'

/** Longer than any test needs, so a hang fails as a timeout error instead of a stuck test. */
const TEST_BUDGET_MS = 30_000

export interface ClosableDatabases extends Databases {
  /** Ends every connection, and waits until they are gone. */
  close(): Promise<void>
}

/** A client for one database of the local MySQL, as the read-only user. */
export function readOnlyClient(
  database: string,
  pending: Promise<unknown>[] = [],
  budgetMs = TEST_BUDGET_MS,
): SqlClient {
  const { host, port } = adminTarget()
  return openSqlClient(
    { host, port, user: READ_ONLY_USER, password: READ_ONLY_PASSWORD, database },
    {
      deadline: startDeadline(budgetMs),
      log: createLogger({}, () => undefined),
      waitUntil: (promise) => void pending.push(promise),
    },
  )
}

/** Both databases of the endpoints, connected on first use. */
export function openDatabases(
  names: { console: string; aggregate: string } = {
    console: CONSOLE_DATABASE,
    aggregate: AGGREGATE_DATABASE,
  },
): ClosableDatabases {
  const pending: Promise<unknown>[] = []
  const consoleDb = readOnlyClient(names.console, pending)
  const aggregate = readOnlyClient(names.aggregate, pending)
  return {
    console: consoleDb,
    aggregate,
    async close() {
      consoleDb.close()
      aggregate.close()
      await Promise.all(pending)
    },
  }
}

/** Runs `use` on fresh connections, closed afterwards whatever happened to their streams. */
export async function withDatabases<T>(use: (db: Databases) => Promise<T>): Promise<T> {
  const db = openDatabases()
  try {
    return await use(db)
  } finally {
    await db.close()
  }
}
