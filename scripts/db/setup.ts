// Applies the legacy schema and a seed to the MySQL at DATABASE_URL and creates
// the read-only user the Worker connects as. Idempotent: the schema only
// creates what is missing and a seed empties the tables it fills.
//
//   node scripts/db/setup.ts [--seed db/seed/demo.sql] [--no-seed] [--check]
//
// --check only reports whether the database answers (exit 0/1), for scripts
// that want to print a friendly message before doing anything.
import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import mysql from 'mysql2/promise'
import {
  adminTarget,
  AGGREGATE_DATABASE,
  CONSOLE_DATABASE,
  READ_ONLY_PASSWORD,
  READ_ONLY_USER,
} from './connection.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
export const SCHEMA_FILES = ['db/schema/console.sql', 'db/schema/aggregate.sql'].map((f) => ROOT + f)
export const DEMO_SEED = ROOT + 'db/seed/demo.sql'

/** Why the database did not answer, and how to start one (the local stack prints it too). */
export function unreachableHelp(err: unknown): string {
  const t = adminTarget()
  return [
    `Cannot reach MySQL at ${t.host}:${t.port} as ${t.user} (${(err as Error).message}).`,
    'Start one of:',
    '  - the MariaDB package:  start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd',
    '    (or: sudo apt-get install mariadb-server && sudo service mariadb start)',
    '  - MySQL 8 in Docker:    docker compose -f scripts/db/docker-compose.yml up -d',
    'or point DATABASE_URL at one (mysql://user:password@host:port).',
  ].join('\n')
}

export async function connectAdmin(): Promise<mysql.Connection> {
  const t = adminTarget()
  return mysql.createConnection({
    host: t.host,
    port: t.port,
    user: t.user,
    password: t.password,
    multipleStatements: true,
    connectTimeout: 5000,
    charset: 'utf8mb4_unicode_ci',
  })
}

/**
 * Runs SQL statement by statement (a statement ends with `;` at the end of a
 * line, as in the schema files and the generator's output), so a seed of any
 * size loads without hitting the server's max_allowed_packet. `transform`
 * lets a caller retarget statements (the benchmark's own databases).
 */
export async function runSqlLines(
  conn: mysql.Connection,
  lines: AsyncIterable<string>,
  transform: (statement: string) => string = (statement) => statement,
): Promise<number> {
  let statement = ''
  let count = 0
  for await (const line of lines) {
    if (statement === '' && (line.startsWith('--') || line.trim() === '')) continue
    statement += line + '\n'
    if (line.trimEnd().endsWith(';')) {
      await conn.query(transform(statement))
      statement = ''
      count++
    }
  }
  if (statement.trim()) {
    await conn.query(transform(statement))
    count++
  }
  return count
}

export function sqlFileLines(file: string): AsyncIterable<string> {
  return createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })
}

async function runSqlFile(conn: mysql.Connection, file: string): Promise<void> {
  await runSqlLines(conn, sqlFileLines(file))
}

export async function ensureReadOnlyUser(conn: mysql.Connection): Promise<void> {
  for (const host of ['%', 'localhost']) {
    const who = `'${READ_ONLY_USER}'@'${host}'`
    await conn.query(`CREATE USER IF NOT EXISTS ${who} IDENTIFIED BY '${READ_ONLY_PASSWORD}'`)
    await conn.query(`ALTER USER ${who} IDENTIFIED BY '${READ_ONLY_PASSWORD}'`)
    await conn.query(`GRANT SELECT ON ${CONSOLE_DATABASE}.* TO ${who}`)
    await conn.query(`GRANT SELECT ON ${AGGREGATE_DATABASE}.* TO ${who}`)
  }
}

/** Schema, then the seed (if any), then the read-only user. */
export async function setupDatabase(seedFile: string | null = DEMO_SEED): Promise<void> {
  const conn = await connectAdmin()
  try {
    for (const f of SCHEMA_FILES) await runSqlFile(conn, f)
    if (seedFile) await runSqlFile(conn, seedFile)
    await ensureReadOnlyUser(conn)
  } finally {
    await conn.end()
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--check')) {
    try {
      const conn = await connectAdmin()
      await conn.end()
      return 0
    } catch (err) {
      console.error(unreachableHelp(err))
      return 1
    }
  }
  const seedAt = argv.indexOf('--seed')
  const seed = argv.includes('--no-seed') ? null : seedAt >= 0 ? argv[seedAt + 1] : DEMO_SEED
  const started = Date.now()
  try {
    await setupDatabase(seed)
  } catch (err) {
    const code = (err as { code?: string }).code
    if (code === 'ECONNREFUSED' || code === 'ETIMEDOUT' || code === 'ENOTFOUND') {
      console.error(unreachableHelp(err))
    } else {
      console.error(`db setup failed: ${(err as Error).message}`)
    }
    return 1
  }
  console.log(
    `db: schema${seed ? ` + ${seed.replace(ROOT, '')}` : ''} applied, read-only user '${READ_ONLY_USER}' ready (${Date.now() - started} ms)`,
  )
  return 0
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2))
}
