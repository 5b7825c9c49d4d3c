// Test support (workerd): the shared DB client as the Workers use it (on the
// runtime's own sockets), and an admin connection to watch the server itself.
import { env } from 'cloudflare:test'
import { openSqlClient, type MysqlTarget, type SocketFactory, type SqlClient } from '@adventive/worker-kit/db'
import { workersSocket } from '@adventive/worker-kit/db/workers-socket'
import { sleep, startDeadline } from '@adventive/worker-kit/deadline'
import { createLogger, type Logger } from '@adventive/worker-kit/logger'

export interface ClientHarness {
  client: SqlClient
  /** Events logged so far (the DB layer's own lines). */
  lines: Record<string, unknown>[]
  /** What close() handed to waitUntil. */
  pending: Promise<unknown>[]
  connects: number[]
  queries: number[]
}

export interface HarnessOptions {
  budgetMs?: number
  socket?: SocketFactory
  retryDelayMs?: () => number
}

/** A client of the shared DB layer on `target` (a Hyperdrive binding or any MySQL endpoint). */
export function clientOf(target: MysqlTarget, options: HarnessOptions = {}): ClientHarness {
  const lines: Record<string, unknown>[] = []
  const log: Logger = createLogger({}, (line) => void lines.push(JSON.parse(line) as Record<string, unknown>))
  const pending: Promise<unknown>[] = []
  const connects: number[] = []
  const queries: number[] = []
  const client = openSqlClient(target, {
    deadline: startDeadline(options.budgetMs ?? 15_000),
    log,
    waitUntil: (promise) => void pending.push(promise),
    socket: options.socket ?? workersSocket,
    onConnect: (ms) => void connects.push(ms),
    onQuery: (ms) => void queries.push(ms),
    ...(options.retryDelayMs ? { retryDelayMs: options.retryDelayMs } : {}),
  })
  return { client, lines, pending, connects, queries }
}

/** The admin (root) connection of DATABASE_URL, a test binding of the worker project only. */
function adminTarget(): MysqlTarget {
  return (env as unknown as { DB_ADMIN: MysqlTarget }).DB_ADMIN
}

/** Runs one query as the admin, on a connection of its own. */
export async function asAdmin(sql: string, params: readonly unknown[] = []) {
  const { client, pending } = clientOf(adminTarget())
  try {
    return await client.query(sql, params)
  } finally {
    client.close()
    await Promise.all(pending)
  }
}

/** Connections of the read-only user the server is running, with what they run. */
export async function readOnlyConnections(): Promise<{ id: string; info: string | null }[]> {
  const rows = await asAdmin(
    "SELECT CAST(ID AS CHAR) AS id, INFO AS info FROM information_schema.PROCESSLIST WHERE USER = 'api_ro'",
  )
  return rows.map((r) => ({ id: r.id!, info: r.info ?? null }))
}

/**
 * Polls the server until `done` holds or `withinMs` passes; answers whether it
 * held. (Bounded polling, not a timing assertion: the server needs a moment
 * to notice a dropped socket.)
 */
export async function eventually(done: () => Promise<boolean>, withinMs = 1_000): Promise<boolean> {
  const until = Date.now() + withinMs
  for (;;) {
    if (await done()) return true
    if (Date.now() >= until) return false
    await sleep(50)
  }
}

/** Rejection of a promise that must fail. */
export async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p
  } catch (err) {
    return err
  }
  throw new Error('expected a rejection')
}
