// One short-lived connection of the gate Worker (its Hyperdrive binding's
// target): opened for one check, always closed, failures reported by the
// driver's error code rather than thrown.
import mysql from 'mysql2/promise'

export interface DbTarget {
  host: string
  port: number
  user: string
  password: string
  database: string
}

/** Longest a gate waits to connect, and for one statement. */
export const GATE_DB_TIMEOUT_MS = 5_000

/** The driver's error code (ECONNREFUSED, ER_ACCESS_DENIED_ERROR …), else the message. */
export function failureOf(error: unknown): string {
  return (error as { code?: string }).code ?? (error instanceof Error ? error.message : String(error))
}

export async function withConnection<T>(
  target: DbTarget,
  use: (connection: mysql.Connection) => Promise<T>,
): Promise<T> {
  let connection: mysql.Connection | undefined
  try {
    connection = await mysql.createConnection({
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
      database: target.database,
      connectTimeout: GATE_DB_TIMEOUT_MS,
      disableEval: true,
    })
    return await use(connection)
  } finally {
    await connection?.end().catch(() => undefined)
  }
}
