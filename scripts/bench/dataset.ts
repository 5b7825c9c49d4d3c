// The benchmark dataset: the legacy generator at a bigger scale, loaded into
// databases of its own (bench_console, bench_aggregate_ro) so the demo data
// the fixtures need stays untouched. Statements are sent one at a time (the
// generated file is far bigger than a MySQL packet).
import { spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { READ_ONLY_USER } from '../db/connection.ts'
import { connectAdmin, runSqlLines, SCHEMA_FILES, sqlFileLines } from '../db/setup.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

export const BENCH_DATABASES = { console: 'bench_console', aggregate: 'bench_aggregate_ro' } as const

/** Points the legacy SQL at the benchmark databases. */
export function retarget(sql: string): string {
  return sql
    .replace(/\b(DATABASE IF NOT EXISTS|USE) console\b/g, `$1 ${BENCH_DATABASES.console}`)
    .replace(/\b(DATABASE IF NOT EXISTS|USE) aggregate_ro\b/g, `$1 ${BENCH_DATABASES.aggregate}`)
}

/** Generates `--scale` data with the legacy generator and loads it; returns the daily_kpi row count. */
export async function loadBenchDataset(scale: number, log: (s: string) => void): Promise<number> {
  const conn = await connectAdmin()
  try {
    await conn.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASES.console}`)
    await conn.query(`DROP DATABASE IF EXISTS ${BENCH_DATABASES.aggregate}`)
    for (const file of SCHEMA_FILES) await runSqlLines(conn, sqlFileLines(file), retarget)

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
      retarget,
    )
    if ((await exited) !== 0) throw new Error('gen_seed.py failed')
    log(
      `bench: generated and loaded scale ${scale} (${statements} statements) in ${((Date.now() - started) / 1000).toFixed(0)} s`,
    )

    // Benchmark traffic must not be throttled: every key gets a huge hourly allowance here only.
    await conn.query(`UPDATE ${BENCH_DATABASES.console}.api SET rph = 100000000`)
    for (const host of ['%', 'localhost']) {
      for (const db of Object.values(BENCH_DATABASES)) {
        await conn.query(`GRANT SELECT ON ${db}.* TO '${READ_ONLY_USER}'@'${host}'`)
      }
    }
    const [rows] = await conn.query(`SELECT COUNT(*) AS n FROM ${BENCH_DATABASES.aggregate}.daily_kpi`)
    return Number((rows as { n: string }[])[0]!.n)
  } finally {
    await conn.end()
  }
}
