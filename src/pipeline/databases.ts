// The request's two databases, each connected on first use, all sharing one
// deadline: connect, every query and every wait for streamed rows together
// get REQUEST_DB_BUDGET_MS, after which the request answers 504 (or, once the
// body has started, ends as a broken transfer) and the server stops the
// statement too (decisions/2026-12-02-request-deadline.md).
import { openSqlClient } from '@adventive/worker-kit/db'
import { workersSocket } from '@adventive/worker-kit/db/workers-socket'
import { startDeadline } from '@adventive/worker-kit/deadline'
import type { Logger } from '@adventive/worker-kit/logger'
import type { Env } from '../env.ts'
import type { Databases } from '../endpoints/endpoint.ts'
import type { RequestMetrics } from '../platform/request-log.ts'

export const REQUEST_DB_BUDGET_MS = 15_000

export interface DatabaseSession extends Databases {
  /** Ends every connection after the response (unread streams are dropped). */
  close(): void
}

export function openDatabases(
  env: Pick<Env, 'DB_CONSOLE' | 'DB_AGGREGATE'>,
  waitUntil: (promise: Promise<unknown>) => void,
  log: Logger,
  metrics: RequestMetrics,
  budgetMs = REQUEST_DB_BUDGET_MS,
): DatabaseSession {
  const options = {
    deadline: startDeadline(budgetMs),
    log,
    waitUntil,
    socket: workersSocket,
    onConnect: (ms: number) => {
      metrics.connectMs += ms
      metrics.dbConnects += 1
    },
    onQuery: (ms: number) => {
      metrics.queryMs += ms
    },
  }
  const consoleDb = openSqlClient(env.DB_CONSOLE, options)
  const aggregateDb = openSqlClient(env.DB_AGGREGATE, options)
  return {
    console: consoleDb,
    aggregate: aggregateDb,
    close() {
      consoleDb.close()
      aggregateDb.close()
    },
  }
}
