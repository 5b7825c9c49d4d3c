// Where the local MySQL/MariaDB is, and how the Worker reaches it.
// One place for both, so the setup script, the local stack, the tests and the
// parity harness never disagree about hosts, users or database names.

/** Admin connection (schema, seed, user management). Override with DATABASE_URL. */
export const DEFAULT_DATABASE_URL = 'mysql://root@127.0.0.1:3306'

/**
 * The read-only user the Worker connects as, like production's `ro_user`.
 * Local demo credentials only (documented in the README); production
 * credentials live in Hyperdrive and never in this repo.
 */
export const READ_ONLY_USER = 'api_ro'
export const READ_ONLY_PASSWORD = 'api_ro_local_demo'

export const CONSOLE_DATABASE = 'console'
export const AGGREGATE_DATABASE = 'aggregate_ro'

export interface AdminTarget {
  host: string
  port: number
  user: string
  password: string
}

export function adminTarget(databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL): AdminTarget {
  const url = new URL(databaseUrl)
  if (url.protocol !== 'mysql:') {
    throw new Error(`DATABASE_URL must be a mysql:// URL, got ${url.protocol}`)
  }
  return {
    host: url.hostname || '127.0.0.1',
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password || ''),
  }
}

/** Connection string for a Hyperdrive binding's local mode, as the read-only user. */
export function readOnlyConnectionString(database: string, target = adminTarget()): string {
  return `mysql://${READ_ONLY_USER}:${READ_ONLY_PASSWORD}@${target.host}:${target.port}/${database}`
}
