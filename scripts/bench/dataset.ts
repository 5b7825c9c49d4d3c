// The benchmark's data, in the databases every local server reads (console,
// aggregate_ro): the Worker's stack and the PHP reference origin then answer
// from the same rows without any configuration. The demo seed goes back in
// at the end (`npm run db:setup` does the same if a run is interrupted).
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { CONSOLE_DATABASE, AGGREGATE_DATABASE } from '../db/connection.ts'
import { connectAdmin, DEMO_SEED, runSqlLines, setupDatabase } from '../db/setup.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Every demo key gets this many requests per hour while the benchmark runs (both servers read it per request). */
const BENCH_RPH = 100_000_000

async function query(sql: string): Promise<unknown[]> {
  const conn = await connectAdmin()
  try {
    const [rows] = await conn.query(sql)
    return rows as unknown[]
  } finally {
    await conn.end()
  }
}

async function unthrottle(): Promise<void> {
  await query(`UPDATE ${CONSOLE_DATABASE}.api SET rph = ${BENCH_RPH}`)
}

async function kpiRows(): Promise<number> {
  const rows = (await query(`SELECT COUNT(*) AS n FROM ${AGGREGATE_DATABASE}.daily_kpi`)) as { n: number }[]
  return Number(rows[0]!.n)
}

/** The demo seed (the fixtures' data), unthrottled. Returns the daily_kpi row count. */
export async function loadDemo(): Promise<number> {
  await setupDatabase(DEMO_SEED)
  await unthrottle()
  return kpiRows()
}

/** `gen_seed.py --seed 1 --scale <scale>`, generated and loaded statement by statement, unthrottled. */
export async function loadScale(scale: number, log: (line: string) => void): Promise<number> {
  await setupDatabase(null)
  const conn = await connectAdmin()
  try {
    const started = Date.now()
    const generator = spawn(
      'python3',
      [ROOT + 'db/tools/gen_seed.py', '--seed', '1', '--scale', String(scale)],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    const exited = new Promise<number | null>((resolve) => generator.on('close', resolve))
    const statements = await runSqlLines(
      conn,
      createInterface({ input: generator.stdout!, crlfDelay: Infinity }),
    )
    if ((await exited) !== 0) throw new Error('gen_seed.py failed')
    log(
      `bench: scale ${scale} generated and loaded (${statements} statements) in ${Math.round((Date.now() - started) / 1000)} s`,
    )
  } finally {
    await conn.end()
  }
  await unthrottle()
  return kpiRows()
}

/** Puts the demo seed back as `npm run db:setup` leaves it (limits as seeded). */
export async function restoreDemo(): Promise<void> {
  await setupDatabase(DEMO_SEED)
}
