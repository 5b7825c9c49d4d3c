// Test support (workerd): the Worker's database bindings pointed at the
// bigger copy of the demo data (tests/support/db/large-dataset.ts), for long
// bodies. Credentials are still checked against the demo data by the auth
// helper; account 1 has twelve times its demo rows here.
import { env } from 'cloudflare:test'
import type { Env } from '../../../src/env.ts'

interface LargeBindings {
  DB_CONSOLE_LARGE: Hyperdrive
  DB_AGGREGATE_LARGE: Hyperdrive
  DB_AGGREGATE_LARGE_WATCHED: Hyperdrive
}

/** DB_CONSOLE and DB_AGGREGATE of the large copy. */
export function largeDatabases(): Pick<Env, 'DB_CONSOLE' | 'DB_AGGREGATE'> {
  const large = env as unknown as LargeBindings
  return { DB_CONSOLE: large.DB_CONSOLE_LARGE, DB_AGGREGATE: large.DB_AGGREGATE_LARGE }
}

/** The same, with DB_AGGREGATE connecting as the watched user (tests/support/db/large-dataset.ts: WATCHED_USER). */
export function watchedLargeDatabases(): Pick<Env, 'DB_CONSOLE' | 'DB_AGGREGATE'> {
  const large = env as unknown as LargeBindings
  return { DB_CONSOLE: large.DB_CONSOLE_LARGE, DB_AGGREGATE: large.DB_AGGREGATE_LARGE_WATCHED }
}
