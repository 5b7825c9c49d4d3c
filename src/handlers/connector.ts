// GET /connector: daily_kpi summed per advertiser over the range, with the PHP
// ratios, ordered by the (MAX) advertiser name then id.
import { pick } from './pick.ts'
import { kpiRatios } from './ratios.ts'
import { statsFilter } from './stats-sql.ts'
import type { Handler } from './types.ts'

const perAdvertiserSql = (where: string) => `
SELECT advertiser_id, MAX(advertiser_name) AS advertiser_name,
  SUM(impressions) AS impressions, SUM(clicks) AS clicks, SUM(engagements) AS engagements,
  SUM(interaction_ms) AS interaction_ms
FROM daily_kpi
WHERE ${where}
GROUP BY advertiser_id
ORDER BY MAX(advertiser_name), advertiser_id`

const COLUMNS = ['advertiser_id', 'advertiser_name', 'impressions', 'clicks', 'engagements']

export const connector: Handler = async ({ db, accountId, params }) => {
  const { where, args } = statsFilter(accountId, params, true)
  const rows = await db.aggregate.query(perAdvertiserSql(where), args)
  return rows.map((row) => ({ ...pick(row, COLUMNS), ...kpiRatios(row) }))
}
