// The database server as an administrator sees it: which of its connections
// belong to a stack (by the proxy's upstream ports), killing one, holding a
// table lock. Each call opens and closes its own admin connection, except a
// lock, which lives as long as the connection that holds it.
import type { Connection } from 'mysql2/promise'
import { connectAdmin } from '../db/setup.ts'

export interface ServerProcess {
  id: number
  host: string
  db: string | null
  command: string
  time: number
  state: string | null
  info: string | null
}

async function withAdmin<T>(work: (conn: Connection) => Promise<T>): Promise<T> {
  const conn = await connectAdmin()
  try {
    return await work(conn)
  } finally {
    await conn.end()
  }
}

/** The server's connections whose client port is one of `ports` (PROCESSLIST Host `<host>:<port>`). */
export async function processesFrom(ports: readonly number[]): Promise<ServerProcess[]> {
  if (ports.length === 0) return []
  return withAdmin(async (conn) => {
    const [rows] = await conn.query(
      'SELECT ID AS id, HOST AS host, DB AS db, COMMAND AS command, TIME AS time, STATE AS state, INFO AS info ' +
        'FROM information_schema.PROCESSLIST',
    )
    const wanted = new Set(ports.map(String))
    return (rows as ServerProcess[]).filter((p) => wanted.has(p.host.slice(p.host.lastIndexOf(':') + 1)))
  })
}

/** Statements still running on the server that read from `database` (a statement that should have stopped). */
export async function statementsOn(database: string): Promise<ServerProcess[]> {
  return withAdmin(async (conn) => {
    const [rows] = await conn.query(
      'SELECT ID AS id, HOST AS host, DB AS db, COMMAND AS command, TIME AS time, STATE AS state, INFO AS info ' +
        "FROM information_schema.PROCESSLIST WHERE DB = ? AND COMMAND = 'Query'",
      [database],
    )
    return rows as ServerProcess[]
  })
}

/** `KILL <id>`: the server ends the connection (and its statement) at once. */
export async function killConnection(id: number): Promise<void> {
  await withAdmin((conn) => conn.query(`KILL ${Number(id)}`))
}

export interface HeldLock {
  release(): Promise<void>
}

/**
 * `LOCK TABLES <table> WRITE` from an admin connection: every SELECT on the
 * table waits for the metadata lock until released (FLUSH TABLES WITH READ
 * LOCK would not block readers; this does).
 */
export async function lockTable(database: string, table: string): Promise<HeldLock> {
  const conn = await connectAdmin()
  await conn.query(`LOCK TABLES ${database}.${table} WRITE`)
  return {
    async release() {
      try {
        await conn.query('UNLOCK TABLES')
      } finally {
        await conn.end()
      }
    },
  }
}

/** The server's Com_select counter (every SELECT it has run, all connections). */
export async function selectCount(): Promise<number> {
  return withAdmin(async (conn) => {
    const [rows] = await conn.query("SHOW GLOBAL STATUS LIKE 'Com_select'")
    return Number((rows as { Value: string }[])[0]!.Value)
  })
}
