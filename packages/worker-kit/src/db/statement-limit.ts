// A statement that outlives the request's deadline must stop on the server
// too, not only in the Worker: the driver wraps every SELECT in the server's
// own time limit, set to what is left of the deadline when it is sent.
//   MariaDB (local, tests):   SET STATEMENT max_statement_time=<seconds> FOR SELECT …
//   MySQL 8 (Aurora, prod):   SELECT /*+ MAX_EXECUTION_TIME(<ms>) */ …
// Each server ignores nothing of the other's form (MariaDB 10.11 treats the
// hint as a comment; MySQL rejects SET STATEMENT), so the handshake decides.

/** The smallest limit sent: a deadline already spent is refused before any SQL (see client.ts). */
const MIN_LIMIT_MS = 1

export function withStatementLimit(sql: string, limitMs: number, mariadb: boolean): string {
  const ms = Math.max(MIN_LIMIT_MS, Math.ceil(limitMs))
  if (mariadb) return `SET STATEMENT max_statement_time=${(ms / 1000).toFixed(3)} FOR ${sql}`
  const at = /^\s*SELECT\b/i.exec(sql)
  if (!at) throw new TypeError('withStatementLimit: only SELECT statements are limited')
  return `${at[0]} /*+ MAX_EXECUTION_TIME(${ms}) */${sql.slice(at[0].length)}`
}
