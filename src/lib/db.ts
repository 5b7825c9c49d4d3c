// The database factory: mysql2 over Hyperdrive, the ONLY module that imports
// the driver (the auth helper uses it too). Values come back as PHP's mysqli
// gave them (src/lib/mysql-row.ts); queries are plain text queries with
// client-side escaping, because Hyperdrive has no prepared statements.
//
// Failure model, so an outage never looks like an empty result:
//   - connect: 5 s timeout; ONE retry after a jittered pause, and only for
//     transient network errors; then 503 "Service temporarily unavailable".
//   - query: a budget (10 s) per query; past it the connection is dropped and
//     the request answers 504 "Upstream timeout". SQL errors are rethrown
//     untouched (never retried: a bad query stays bad).
import mysql from 'mysql2/promise'
import type { Connection } from 'mysql2/promise'
import type { Connection as CoreConnection } from 'mysql2'
import type { Env } from '../env.ts'
import type { Databases, Row, SqlClient } from './db-types.ts'
import { withDeadline, sleep } from './deadline.ts'
import { HttpError, LegacyMessage } from './errors.ts'
import { createLogger, type Logger } from './logger.ts'
import { monotonicMs } from './clock.ts'
import { phpTypeCast } from './mysql-row.ts'

export const CONNECT_TIMEOUT_MS = 5_000
export const QUERY_BUDGET_MS = 10_000

/** The connection facts of a Hyperdrive binding (or any MySQL endpoint, for tests). */
export type MysqlTarget = Pick<Hyperdrive, 'host' | 'port' | 'user' | 'password' | 'database'>

/** What the factory needs of the ExecutionContext: a place to finish work after the response. */
export type WaitUntil = Pick<ExecutionContext, 'waitUntil'>

export interface DbOptions {
  /** Milliseconds each query may take before 504 (default QUERY_BUDGET_MS). */
  queryBudgetMs?: number
  /** mysql2 connect timeout (default CONNECT_TIMEOUT_MS). */
  connectTimeoutMs?: number
  /** Pause before the one connect retry; default 50–250 ms, jittered so a fleet does not retry in step. */
  retryDelayMs?: () => number
  /** Receives each query's duration (the request log's query_ms). */
  onQuery?: (ms: number) => void
  log?: Logger
}

/** A client whose connection can be closed once the response is out. */
export interface ClosableSqlClient extends SqlClient {
  /** Ends the connection (if one was opened) via ctx.waitUntil: never in front of the response. */
  close(): void
}

export interface DatabaseSession extends Databases {
  /** Closes both connections via ctx.waitUntil. Call after the response (or its stream) is done. */
  close(): void
}

// Network-level failures worth one more attempt. Everything else (access
// denied, unknown database, SQL errors) fails the same way the second time.
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
])

/** Whether a connection error is transient (worth the one retry). */
export function isTransientConnectionError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true
  // workerd's socket layer reports some failures without a Node error code.
  const message = (err as { message?: unknown }).message
  return (
    typeof message === 'string' && /network connection lost|connection refused|socket hang up/i.test(message)
  )
}

const defaultRetryDelayMs = () => 50 + Math.floor(Math.random() * 200)

function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : err instanceof Error ? err.name : 'unknown'
}

/** One lazily connected client for one MySQL endpoint. */
export function openSqlClient(
  target: MysqlTarget,
  ctx: WaitUntil,
  options: DbOptions = {},
): ClosableSqlClient {
  const budgetMs = options.queryBudgetMs ?? QUERY_BUDGET_MS
  const log = options.log ?? createLogger({ component: 'db' })
  let pending: Promise<Connection> | null = null
  // Connections to end after the response; a discarded one is already gone.
  const live = new Set<Promise<Connection>>()
  // Connections with a streamed result nobody finished reading (a CSV body
  // that prints `Array` never reads its rows): end() would queue behind the
  // unread result forever, so close() destroys these instead.
  const halfRead = new Set<Connection>()

  const connectOnce = () =>
    mysql.createConnection({
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
      database: target.database,
      connectTimeout: options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS,
      // No code generation in workerd (mysql2 >= 3.13).
      disableEval: true,
      typeCast: phpTypeCast,
    })

  async function connectWithRetry(): Promise<Connection> {
    try {
      return await connectOnce()
    } catch (first) {
      if (!isTransientConnectionError(first)) {
        log.error('db.connect.failed', { database: target.database, code: errorCode(first), attempt: 1 })
        throw new HttpError(503, LegacyMessage.unavailable, { cause: first })
      }
      log.warn('db.connect.retry', { database: target.database, code: errorCode(first) })
      await sleep((options.retryDelayMs ?? defaultRetryDelayMs)())
      try {
        return await connectOnce()
      } catch (second) {
        log.error('db.connect.failed', { database: target.database, code: errorCode(second), attempt: 2 })
        throw new HttpError(503, LegacyMessage.unavailable, { cause: second })
      }
    }
  }

  function connection(): Promise<Connection> {
    if (!pending) {
      const attempt = connectWithRetry()
      pending = attempt
      live.add(attempt)
      // A failed connect is forgotten, so a later query in the request may try again.
      attempt.catch(() => {
        live.delete(attempt)
        if (pending === attempt) pending = null
      })
    }
    return pending
  }

  /** Drops the current connection: it can no longer be trusted (timed out, lost, half-read). */
  function discard(conn: Connection): void {
    halfRead.delete(conn)
    conn.destroy()
    if (pending) live.delete(pending)
    pending = null
  }

  function onFailure(conn: Connection, err: unknown): never {
    if ((err as { fatal?: unknown } | null)?.fatal) {
      discard(conn)
      if (isTransientConnectionError(err)) {
        log.error('db.connection.lost', { database: target.database, code: errorCode(err) })
        throw new HttpError(503, LegacyMessage.unavailable, { cause: err })
      }
    }
    throw err
  }

  const timeoutError = (conn: Connection) => () => {
    discard(conn)
    log.error('db.query.timeout', { database: target.database, budget_ms: budgetMs })
    return new HttpError(504, LegacyMessage.upstreamTimeout)
  }

  async function query(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const conn = await connection()
    const started = monotonicMs()
    try {
      const [rows] = await withDeadline(conn.query(sql, params as unknown[]), budgetMs, timeoutError(conn))
      return rows as Row[]
    } catch (err) {
      if (err instanceof HttpError) throw err
      return onFailure(conn, err)
    } finally {
      options.onQuery?.(monotonicMs() - started)
    }
  }

  async function* stream(sql: string, params: readonly unknown[] = []): AsyncGenerator<Row> {
    const conn = await connection()
    const started = monotonicMs()
    // The promise wrapper keeps the callback connection (untyped) for streaming.
    const core = (conn as unknown as { connection: CoreConnection }).connection
    const rows = core.query(sql, params as unknown[]).stream() as AsyncIterable<Row>
    const iterator = rows[Symbol.asyncIterator]()
    let finished = false
    halfRead.add(conn)
    try {
      // The budget covers the server's work up to the first row; after that the
      // pace is the consumer's (the response body being written).
      let next = await withDeadline(iterator.next(), budgetMs, timeoutError(conn))
      options.onQuery?.(monotonicMs() - started)
      while (!next.done) {
        yield next.value
        next = await iterator.next()
      }
      finished = true
      halfRead.delete(conn)
    } catch (err) {
      if (err instanceof HttpError) throw err
      return onFailure(conn, err)
    } finally {
      // Abandoned half way: the rest of the result would block the connection.
      if (!finished) discard(conn)
    }
  }

  function close(): void {
    for (const attempt of live) {
      ctx.waitUntil(
        attempt.then(
          (conn) => (halfRead.has(conn) ? conn.destroy() : conn.end().catch(() => conn.destroy())),
          () => undefined,
        ),
      )
    }
    live.clear()
    pending = null
  }

  return { query, stream, close }
}

/** Both databases of a request, each connected on its first query. */
export function openDatabases(
  env: Pick<Env, 'DB_CONSOLE' | 'DB_AGGREGATE'>,
  ctx: WaitUntil,
  onQuery?: (ms: number) => void,
  options: Omit<DbOptions, 'onQuery'> = {},
): DatabaseSession {
  const consoleDb = openSqlClient(env.DB_CONSOLE, ctx, { ...options, onQuery })
  const aggregateDb = openSqlClient(env.DB_AGGREGATE, ctx, { ...options, onQuery })
  return {
    console: consoleDb,
    aggregate: aggregateDb,
    close() {
      consoleDb.close()
      aggregateDb.close()
    },
  }
}

export function getConsole(
  env: Pick<Env, 'DB_CONSOLE'>,
  ctx: WaitUntil,
  options: DbOptions = {},
): ClosableSqlClient {
  return openSqlClient(env.DB_CONSOLE, ctx, options)
}

export function getAggregate(
  env: Pick<Env, 'DB_AGGREGATE'>,
  ctx: WaitUntil,
  options: DbOptions = {},
): ClosableSqlClient {
  return openSqlClient(env.DB_AGGREGATE, ctx, options)
}
