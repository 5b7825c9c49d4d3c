// A bigger copy of the demo data for the tests that need more rows than the
// fixtures' data has (streamed bodies longer than one chunk for every list
// endpoint, a client walking away from a long body). Twelve copies of every
// advertiser and everything below it, with ids shifted per copy, in databases
// of their own (large_console, large_aggregate_ro): the demo data the
// fixtures were recorded from stays untouched. Built from the demo databases
// with INSERT … SELECT, so it follows whatever the seed holds.
import { READ_ONLY_PASSWORD, READ_ONLY_USER } from '../../../scripts/db/connection.ts'
import { connectAdmin, runSqlLines, SCHEMA_FILES, sqlFileLines } from '../../../scripts/db/setup.ts'
import { LARGE_DATABASES, WATCHED_USER } from './large-dataset-names.ts'

/** Copies of each demo row; copy 0 keeps the demo ids and names. */
export const COPIES = 12
/**
 * More copies of the advertisers alone (no campaigns), each with the kpi rows
 * of one day, so the one-row-per-advertiser bodies (/advertisers, /connector)
 * also run to several chunks.
 */
export const ADVERTISER_COPIES = 100
/** The day whose kpi rows the extra advertiser copies get. */
const ADVERTISER_COPY_DAY = '2024-03-01'
/** Added to every id per copy (far above any demo id). */
const ID_STRIDE = 100_000

const C = LARGE_DATABASES.console
const A = LARGE_DATABASES.aggregate

const retarget = (sql: string) =>
  sql
    .replace(/\b(DATABASE IF NOT EXISTS|USE) console\b/g, `$1 ${C}`)
    .replace(/\b(DATABASE IF NOT EXISTS|USE) aggregate_ro\b/g, `$1 ${A}`)

const shifted = (column: string) => `${column} + copies.k * ${ID_STRIDE}`
/** The extra advertiser copies' ids: above every id of the twelve copies. */
const shiftedWide = (column: string) => `${column} + (${COPIES} + wide.k) * ${ID_STRIDE}`
const renamed = (column: string) => `IF(copies.k = 0, ${column}, CONCAT(${column}, ' #', copies.k))`

const COPY_STATEMENTS = [
  `INSERT INTO ${C}.accounts SELECT * FROM console.accounts`,
  `INSERT INTO ${C}.api SELECT * FROM console.api`,
  `INSERT INTO ${C}.advertisers (id, account_id, name, website, status, created_at)
   SELECT ${shifted('id')}, account_id, ${renamed('name')}, website, status, created_at
   FROM console.advertisers CROSS JOIN copies`,
  `INSERT INTO ${C}.campaigns (id, advertiser_id, name, status, start_date, end_date, budget, created_at)
   SELECT ${shifted('id')}, ${shifted('advertiser_id')}, ${renamed('name')}, status, start_date, end_date, budget, created_at
   FROM console.campaigns CROSS JOIN copies`,
  `INSERT INTO ${C}.sites (id, campaign_id, name, url)
   SELECT ${shifted('id')}, ${shifted('campaign_id')}, name, url FROM console.sites CROSS JOIN copies`,
  `INSERT INTO ${C}.placements (id, site_id, name, width, height)
   SELECT ${shifted('id')}, ${shifted('site_id')}, name, width, height FROM console.placements CROSS JOIN copies`,
  `INSERT INTO ${C}.ad_units (id, placement_id, name, unit_type, click_url)
   SELECT ${shifted('id')}, ${shifted('placement_id')}, name, unit_type, click_url
   FROM console.ad_units CROSS JOIN copies`,
  `INSERT INTO ${C}.delivery_groups (id, campaign_id, name, start_date, end_date, impression_goal)
   SELECT ${shifted('id')}, ${shifted('campaign_id')}, name, start_date, end_date, impression_goal
   FROM console.delivery_groups CROSS JOIN copies`,
  ...['daily_kpi', 'daily_video'].map((table) => {
    const metrics =
      table === 'daily_kpi'
        ? 'impressions, clicks, engagements, interaction_ms'
        : 'video_starts, video_q25, video_q50, video_q75, video_completes'
    return `INSERT INTO ${A}.${table} (stat_date, account_id, advertiser_id, advertiser_name, campaign_id,
       campaign_name, placement_id, ${metrics})
     SELECT stat_date, account_id, ${shifted('advertiser_id')}, ${renamed('advertiser_name')}, ${shifted('campaign_id')},
       ${renamed('campaign_name')}, ${shifted('placement_id')}, ${metrics}
     FROM aggregate_ro.${table} CROSS JOIN copies`
  }),
  `INSERT INTO ${C}.advertisers (id, account_id, name, website, status, created_at)
   SELECT ${shiftedWide('id')}, account_id, CONCAT(name, ' ~', wide.k), website, status, created_at
   FROM console.advertisers CROSS JOIN wide`,
  `INSERT INTO ${A}.daily_kpi (stat_date, account_id, advertiser_id, advertiser_name, campaign_id, campaign_name,
     placement_id, impressions, clicks, engagements, interaction_ms)
   SELECT stat_date, account_id, ${shiftedWide('advertiser_id')}, CONCAT(advertiser_name, ' ~', wide.k),
     ${shiftedWide('campaign_id')}, campaign_name, ${shiftedWide('placement_id')}, impressions, clicks, engagements,
     interaction_ms
   FROM aggregate_ro.daily_kpi CROSS JOIN wide WHERE stat_date = '${ADVERTISER_COPY_DAY}'`,
  `INSERT INTO ${A}.daily_clicks (stat_date, account_id, advertiser_id, advertiser_name, campaign_id, campaign_name,
     ad_unit_id, click_url, device, clicks)
   SELECT stat_date, account_id, ${shifted('advertiser_id')}, ${renamed('advertiser_name')}, ${shifted('campaign_id')},
     ${renamed('campaign_name')}, ${shifted('ad_unit_id')}, click_url, device, clicks
   FROM aggregate_ro.daily_clicks CROSS JOIN copies`,
]

/** (Re)builds the large databases from the demo databases and lets the read-only users read them. */
export async function loadLargeDataset(): Promise<void> {
  const conn = await connectAdmin()
  try {
    for (const db of Object.values(LARGE_DATABASES)) await conn.query(`DROP DATABASE IF EXISTS ${db}`)
    for (const file of SCHEMA_FILES) await runSqlLines(conn, sqlFileLines(file), retarget)
    await conn.query('CREATE TEMPORARY TABLE copies (k INT NOT NULL PRIMARY KEY)')
    await conn.query(
      `INSERT INTO copies (k) VALUES ${Array.from({ length: COPIES }, (_, k) => `(${k})`).join(', ')}`,
    )
    await conn.query('CREATE TEMPORARY TABLE wide (k INT NOT NULL PRIMARY KEY)')
    await conn.query(
      `INSERT INTO wide (k) VALUES ${Array.from({ length: ADVERTISER_COPIES }, (_, k) => `(${k})`).join(', ')}`,
    )
    for (const statement of COPY_STATEMENTS) await conn.query(statement)
    for (const host of ['%', 'localhost']) {
      await conn.query(
        `CREATE USER IF NOT EXISTS '${WATCHED_USER}'@'${host}' IDENTIFIED BY '${READ_ONLY_PASSWORD}'`,
      )
      for (const db of Object.values(LARGE_DATABASES)) {
        for (const user of [READ_ONLY_USER, WATCHED_USER]) {
          await conn.query(`GRANT SELECT ON ${db}.* TO '${user}'@'${host}'`)
        }
      }
    }
  } finally {
    await conn.end()
  }
}
