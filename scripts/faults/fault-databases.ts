// The fault suite's own copy of the demo data, in databases no other test
// reads: a table lock held to make the database slow, or a connection killed,
// then touches this suite's stack alone. The demo seed is loaded as it is
// (the demo credentials and rows answer as everywhere else), then the daily
// kpi rows of every campaign are copied under new campaign ids, so one
// dataconnector range of account 1 runs to megabytes: a body that is still
// streaming, with its query still sending on the server, when the fault hits.
import type { Connection } from 'mysql2/promise'
import { READ_ONLY_USER } from '../db/connection.ts'
import { connectAdmin, DEMO_SEED, runSqlLines, SCHEMA_FILES, sqlFileLines } from '../db/setup.ts'

export interface FaultDatabases {
  console: string
  aggregate: string
}

/** Copies of each demo campaign's kpi rows by default (copy 0 is the demo's own). */
export const KPI_COPIES = 40
/** Added to a campaign id per copy (far above any demo id). */
const CAMPAIGN_STRIDE = 100_000

/** The database names for a suite (its own, so two suites never share a lock or a seed). */
export function faultDatabases(suite: string): FaultDatabases {
  const tag = suite.replace(/[^a-z0-9]/gi, '_').toLowerCase()
  return { console: `faults_${tag}_console`, aggregate: `faults_${tag}_aggregate` }
}

function retarget(names: FaultDatabases) {
  return (sql: string) =>
    sql
      .replace(/\b(DATABASE IF NOT EXISTS|USE) console\b/g, `$1 ${names.console}`)
      .replace(/\b(DATABASE IF NOT EXISTS|USE) aggregate_ro\b/g, `$1 ${names.aggregate}`)
}

/**
 * (Re)creates the suite's databases: schema, demo seed, the kpi copies (`kpiCopies` in all, 1:
 * the demo rows alone), SELECT for the read-only user.
 */
export async function loadFaultDatabases(names: FaultDatabases, kpiCopies = KPI_COPIES): Promise<void> {
  const conn = await connectAdmin()
  try {
    for (const db of [names.console, names.aggregate]) await conn.query(`DROP DATABASE IF EXISTS ${db}`)
    for (const file of [...SCHEMA_FILES, DEMO_SEED]) {
      await runSqlLines(conn, sqlFileLines(file), retarget(names))
    }
    if (kpiCopies > 1) await copyKpiRows(conn, names.aggregate, kpiCopies)
    for (const host of ['%', 'localhost']) {
      for (const db of [names.console, names.aggregate]) {
        await conn.query(`GRANT SELECT ON ${db}.* TO '${READ_ONLY_USER}'@'${host}'`)
      }
    }
  } finally {
    await conn.end()
  }
}

async function copyKpiRows(conn: Connection, aggregate: string, copies: number): Promise<void> {
  await conn.query('CREATE TEMPORARY TABLE kpi_copies (k INT NOT NULL PRIMARY KEY)')
  const ks = Array.from({ length: copies - 1 }, (_, i) => `(${i + 1})`).join(', ')
  await conn.query(`INSERT INTO kpi_copies (k) VALUES ${ks}`)
  await conn.query(
    `INSERT INTO ${aggregate}.daily_kpi (stat_date, account_id, advertiser_id, advertiser_name, campaign_id,
       campaign_name, placement_id, impressions, clicks, engagements, interaction_ms)
     SELECT stat_date, account_id, advertiser_id, advertiser_name, campaign_id + k * ${CAMPAIGN_STRIDE},
       CONCAT(campaign_name, ' #', k), placement_id, impressions, clicks, engagements, interaction_ms
     FROM ${aggregate}.daily_kpi CROSS JOIN kpi_copies`,
  )
  await conn.query('DROP TEMPORARY TABLE kpi_copies')
}

export async function dropFaultDatabases(names: FaultDatabases): Promise<void> {
  const conn = await connectAdmin()
  try {
    for (const db of [names.console, names.aggregate]) await conn.query(`DROP DATABASE IF EXISTS ${db}`)
  } finally {
    await conn.end()
  }
}
