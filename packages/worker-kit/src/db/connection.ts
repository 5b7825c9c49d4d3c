// Opening one MySQL connection through Hyperdrive (or any MySQL endpoint in
// tests): mysql2's callback API, text values without per-field callbacks,
// no code generation (workerd forbids eval), and the legacy failure model:
// a transient network failure gets ONE retry after a jittered pause, and a
// connection that cannot be had is an outage, never an empty result.
import mysql from 'mysql2'
import type { Connection } from 'mysql2'
import type { Deadline } from '../deadline.ts'
import { sleep } from '../deadline.ts'
import { errorMessage, type Logger } from '../logger.ts'
import {
  DatabaseTimeoutError,
  DatabaseUnavailableError,
  errorCode,
  isTransientConnectionError,
} from './errors.ts'
import { TEXT_VALUE_OPTIONS } from './text-values.ts'

/** The connection facts of a Hyperdrive binding (or any MySQL endpoint). */
export interface MysqlTarget {
  host: string
  port: number
  user: string
  password: string
  database: string
}

/** Longest a single connect attempt may take (less when the deadline is nearer). */
export const CONNECT_TIMEOUT_MS = 5_000

/** Opens the byte stream to the server (workers-socket.ts in a Worker); absent: the driver's own net socket. */
export type SocketFactory = (host: string, port: number) => unknown

export interface ConnectOptions {
  deadline: Deadline
  log: Logger
  socket?: SocketFactory
  /** Pause before the one retry; default 50–250 ms, jittered so a fleet does not retry in step. */
  retryDelayMs?: () => number
  /** Cap for one attempt (default CONNECT_TIMEOUT_MS). */
  connectTimeoutMs?: number
}

const defaultRetryDelayMs = () => 50 + Math.floor(Math.random() * 200)

/** The driver's callback connection, plus what the handshake told about the server. */
export interface OpenConnection {
  readonly core: Connection
  /** MariaDB takes `SET STATEMENT max_statement_time`, MySQL 8 the MAX_EXECUTION_TIME hint. */
  readonly mariadb: boolean
}

/**
 * Closes a connection in both directions at once. The driver's destroy()
 * only ends its side of the socket: a server in the middle of sending a big
 * result would keep the connection, and its statement, until its time limit.
 */
export function drop(core: Connection): void {
  core.destroy()
  ;(core as unknown as { stream?: { destroy?(): void } }).stream?.destroy?.()
}

function attempt(target: MysqlTarget, timeoutMs: number, socket?: SocketFactory): Promise<OpenConnection> {
  return new Promise((resolve, reject) => {
    const core = mysql.createConnection({
      ...(socket ? { stream: socket(target.host, target.port) as never } : {}),
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
      database: target.database,
      connectTimeout: Math.max(1, Math.floor(timeoutMs)),
      disableEval: true,
      // No prepared statements here (Hyperdrive has none): the driver would
      // otherwise allocate a 16,000-entry statement cache per connection.
      maxPreparedStatements: 1,
      ...TEXT_VALUE_OPTIONS,
    })
    const onError = (err: unknown) => {
      drop(core)
      reject(err)
    }
    core.once('error', onError)
    core.once('connect', () => {
      core.removeListener('error', onError)
      // A later fatal error (connection lost) is reported by the command it
      // kills; without a listener the emitter would throw it.
      core.on('error', () => undefined)
      resolve({ core, mariadb: (core as unknown as { _isMariaDB?: boolean })._isMariaDB === true })
    })
  })
}

/** One connection, with one retry for transient failures, within the deadline. */
export async function connect(target: MysqlTarget, options: ConnectOptions): Promise<OpenConnection> {
  const { deadline, log } = options
  const cap = options.connectTimeoutMs ?? CONNECT_TIMEOUT_MS
  const timedOut = () => new DatabaseTimeoutError(`connect to ${target.database}: deadline passed`)
  const once = () => {
    const pending = attempt(target, Math.min(cap, deadline.remainingMs()), options.socket)
    return deadline.race(pending, () => {
      // Too late for this request: a connection that still arrives is closed at once.
      pending.then(
        (open) => drop(open.core),
        () => undefined,
      )
      return timedOut()
    })
  }
  for (let attemptNo = 1; ; attemptNo++) {
    try {
      return await once()
    } catch (err) {
      if (err instanceof DatabaseTimeoutError) throw err
      if (attemptNo === 1 && isTransientConnectionError(err)) {
        log.warn('db.connect.retry', { database: target.database, code: errorCode(err) })
        await sleep(Math.min((options.retryDelayMs ?? defaultRetryDelayMs)(), deadline.remainingMs()))
        continue
      }
      log.error('db.connect.failed', {
        database: target.database,
        code: errorCode(err),
        message: errorMessage(err),
        attempt: attemptNo,
      })
      throw new DatabaseUnavailableError(`connect to ${target.database} failed`, { cause: err })
    }
  }
}
