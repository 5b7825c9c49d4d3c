// The database client of one request for one MySQL endpoint: the ONLY code
// that talks to the driver. Queries are plain text queries with client-side
// escaping (Hyperdrive has no prepared statements). Connections open on
// first use; a stream holds its connection until it has been read or
// cancelled, so a second concurrent stream (a merge of two ordered results)
// gets a connection of its own.
//
// Failure model, so an outage never looks like an empty result:
//   - no connection (after one retry for transient errors) → DatabaseUnavailableError;
//   - the request's deadline passes while waiting (connect, a query, the next
//     rows of a stream) → DatabaseTimeoutError; the connection is dropped and
//     the server stops the statement at the same instant (statement-limit.ts);
//   - a connection lost mid-request → DatabaseUnavailableError;
//   - SQL errors are rethrown untouched (never retried: a bad query stays bad).
import type { Deadline } from '../deadline.ts'
import type { Logger } from '../logger.ts'
import { connect, drop, type MysqlTarget, type OpenConnection, type SocketFactory } from './connection.ts'
import {
  DatabaseTimeoutError,
  DatabaseUnavailableError,
  errorCode,
  isStatementTimeout,
  isTransientConnectionError,
} from './errors.ts'
import { withStatementLimit } from './statement-limit.ts'
import { numberColumns, numbersToText, type ColumnFacts } from './text-values.ts'

/** One result row as the legacy app saw it through mysqli: every value a string, NULL as null. */
export type Row = Record<string, string | null>

/** The same, as an array in the SELECT's column order (streams: no object per row). */
export type RowValues = (string | null)[]

/** A streamed result, read in batches. */
export interface RowBatches {
  /** The next rows, or null once the result is exhausted. Waits for the database within the deadline. */
  next(): Promise<RowValues[] | null>
  /** Stops reading (client gone, renderer done): the connection is dropped, the server stops sending. */
  cancel(): void
}

export interface SqlClient {
  /** A small parameterised query (`?` placeholders), whole. */
  query(sql: string, params?: readonly unknown[]): Promise<Row[]>
  /** A result too big to hold: rows arrive in batches of about `batchRows` as they are read. */
  stream(sql: string, params?: readonly unknown[], batchRows?: number): RowBatches
  /** Ends every connection (unread ones are dropped) via waitUntil: never in front of the response. */
  close(): void
}

export interface SqlClientOptions {
  deadline: Deadline
  log: Logger
  waitUntil: (promise: Promise<unknown>) => void
  /** Each connect's duration (the request log's connect_ms and db_connects). */
  onConnect?: (ms: number) => void
  /** Each query's time to its result (or a stream's to its first rows): query_ms. */
  onQuery?: (ms: number) => void
  retryDelayMs?: () => number
  connectTimeoutMs?: number
  /** The byte stream to the server: workers-socket.ts in a Worker; absent, the driver's net socket (Node tools). */
  socket?: SocketFactory
}

export const DEFAULT_BATCH_ROWS = 256

interface Slot {
  open: OpenConnection
  busy: boolean
}

/** The driver's column definitions, as far as text-values.ts needs them. */
type DriverFields = readonly ColumnFacts[] | undefined

function objectRowsToText(rows: Record<string, unknown>[], fields: DriverFields): Row[] {
  const numeric = numberColumns(fields ?? []).map((i) => fields![i]!.name)
  if (numeric.length > 0) {
    for (const row of rows) {
      for (const name of numeric) {
        const value = row[name]
        if (typeof value === 'number') row[name] = String(value)
      }
    }
  }
  return rows as Row[]
}

export function openSqlClient(target: MysqlTarget, options: SqlClientOptions): SqlClient {
  const { deadline, log } = options
  const slots: Slot[] = []
  let closed = false

  /** A connection lost while idle would fail its next command without telling it: not reused. */
  const usable = (slot: Slot) => {
    const state = (slot.open.core as unknown as { state?: string }).state
    return state !== 'error' && state !== 'disconnected'
  }

  async function acquire(): Promise<Slot> {
    for (const idle of slots.filter((slot) => !slot.busy)) {
      if (!usable(idle)) {
        discard(idle)
        continue
      }
      idle.busy = true
      return idle
    }
    const started = performance.now()
    const open = await connect(target, options)
    options.onConnect?.(performance.now() - started)
    if (closed) {
      drop(open.core)
      throw new DatabaseUnavailableError('database client already closed')
    }
    const slot = { open, busy: true }
    slots.push(slot)
    return slot
  }

  /** Drops a connection that can no longer be trusted (timed out, lost, half-read). */
  function discard(slot: Slot): void {
    const at = slots.indexOf(slot)
    if (at >= 0) slots.splice(at, 1)
    drop(slot.open.core)
  }

  /** The request's deadline passed while waiting on `what`: logged once, as the error to throw. */
  const deadlinePassed = (what: 'query' | 'stream') => {
    log.error('db.query.timeout', { database: target.database, budget_ms: deadline.budgetMs })
    return new DatabaseTimeoutError(`${what} on ${target.database}: deadline passed`)
  }

  const timeout = (slot: Slot) => () => {
    discard(slot)
    return deadlinePassed('query')
  }

  /** The error a failed statement becomes, with the connection released or dropped. */
  function failure(slot: Slot, err: unknown): unknown {
    if (isStatementTimeout(err)) {
      slot.busy = false
      log.error('db.query.timeout', { database: target.database, budget_ms: deadline.budgetMs, server: true })
      return new DatabaseTimeoutError(`query on ${target.database}: stopped by the server's time limit`, {
        cause: err,
      })
    }
    if ((err as { fatal?: unknown } | null)?.fatal) {
      discard(slot)
      if (isTransientConnectionError(err)) {
        log.error('db.connection.lost', { database: target.database, code: errorCode(err) })
        return new DatabaseUnavailableError(`connection to ${target.database} lost`, { cause: err })
      }
      return err
    }
    slot.busy = false
    return err
  }

  const limited = (slot: Slot, sql: string) =>
    withStatementLimit(sql, deadline.remainingMs(), slot.open.mariadb)

  async function query(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const slot = await acquire()
    const started = performance.now()
    const result = new Promise<Row[]>((resolve, reject) => {
      slot.open.core.query({ sql: limited(slot, sql), values: params as unknown[] }, (err, rows, fields) => {
        if (err) return reject(err)
        // A refused column type must reject here: thrown inside the driver's callback it would
        // escape as an uncaught error and leave this promise to the deadline.
        try {
          resolve(objectRowsToText(rows as Record<string, unknown>[], fields as unknown as DriverFields))
        } catch (refused) {
          reject(refused)
        }
      })
    })
    try {
      const rows = await deadline.race(result, timeout(slot))
      slot.busy = false
      return rows
    } catch (err) {
      if (err instanceof DatabaseTimeoutError) throw err
      throw failure(slot, err)
    } finally {
      options.onQuery?.(performance.now() - started)
    }
  }

  function stream(sql: string, params: readonly unknown[] = [], batchRows = DEFAULT_BATCH_ROWS): RowBatches {
    let buffered: RowValues[] = []
    let ended = false
    let cancelled = false
    let error: unknown = null
    let slot: Slot | null = null
    let paused = false
    let wake: (() => void) | null = null
    let onCancel: (() => void) | null = null
    const notify = () => {
      const resume = wake
      wake = null
      resume?.()
    }
    const started = performance.now()

    acquire().then(
      (acquired) => {
        slot = acquired
        if (cancelled) {
          discard(acquired)
          return
        }
        let numbers: number[] = []
        let first = true
        // The driver tells a query without a callback about a lost connection only through the
        // connection's 'error' event: without this the stream would wait for the deadline.
        const lost = (err: unknown) => {
          if (error === null && !cancelled) error = failure(acquired, err)
          notify()
        }
        acquired.open.core.on('error', lost)
        const settled = () => acquired.open.core.removeListener('error', lost)
        onCancel = settled
        const running = acquired.open.core.query({
          sql: limited(acquired, sql),
          values: params as unknown[],
          rowsAsArray: true,
        })
        running.on('fields', (fields: unknown) => {
          try {
            numbers = numberColumns(fields as ColumnFacts[])
          } catch (err) {
            error = err
            discard(acquired)
            notify()
          }
        })
        running.on('result', (row: unknown) => {
          if (error !== null || cancelled) return
          numbersToText(row as unknown[], numbers)
          buffered.push(row as RowValues)
          if (first) {
            first = false
            options.onQuery?.(performance.now() - started)
          }
          if (buffered.length >= batchRows) {
            // Back-pressure: stop reading the socket until the renderer catches up.
            if (!paused && buffered.length >= 2 * batchRows) {
              paused = true
              acquired.open.core.pause()
            }
            notify()
          }
        })
        running.on('error', (err: unknown) => {
          settled()
          if (error === null && !cancelled) error = failure(acquired, err)
          notify()
        })
        running.on('end', () => {
          settled()
          if (first) options.onQuery?.(performance.now() - started)
          ended = true
          if (error === null && !cancelled) acquired.busy = false
          notify()
        })
      },
      (err: unknown) => {
        error = err
        notify()
      },
    )

    function cancel(): void {
      if (cancelled) return
      cancelled = true
      onCancel?.()
      buffered = []
      // An unread result would block the connection: drop it (the server stops at its next write).
      if (slot && !ended && slots.includes(slot)) discard(slot)
      notify()
    }

    async function next(): Promise<RowValues[] | null> {
      for (;;) {
        if (error !== null) throw error
        if (cancelled) return null
        if (buffered.length >= batchRows || (ended && buffered.length > 0)) {
          const batch = buffered
          buffered = []
          if (paused && slot) {
            paused = false
            slot.open.core.resume()
          }
          return batch
        }
        if (ended) return null
        const arrived = new Promise<void>((resolve) => {
          wake = resolve
        })
        await deadline.race(arrived, () => {
          // The error first: cancel() wakes this very wait, and a woken next()
          // must throw the timeout, not end the rows as if they were complete.
          const expired = deadlinePassed('stream')
          error = expired
          cancel()
          return expired
        })
      }
    }

    return { next, cancel }
  }

  function close(): void {
    closed = true
    for (const slot of slots.splice(0)) {
      if (slot.busy) {
        drop(slot.open.core)
        continue
      }
      options.waitUntil(
        new Promise<void>((resolve) => {
          slot.open.core.end(() => resolve())
        }).catch(() => drop(slot.open.core)),
      )
    }
  }

  return { query, stream, close }
}
