// GET /clickthroughs: daily_clicks per day, ad unit and click URL (the URL
// groups and sorts byte-wise: its column is utf8mb4_bin).
import { statsFilter } from './stats-sql.ts'
import type { Handler } from './types.ts'

const clicksSql = (where: string) => `
SELECT stat_date AS \`date\`, MAX(advertiser_id) AS advertiser_id, MAX(campaign_id) AS campaign_id,
  MAX(campaign_name) AS campaign_name, ad_unit_id, click_url, SUM(clicks) AS clicks
FROM daily_clicks
WHERE ${where}
GROUP BY stat_date, ad_unit_id, click_url
ORDER BY stat_date, ad_unit_id, click_url`

export const clickthroughs: Handler = async ({ db, accountId, params }) => {
  const { where, args } = statsFilter(accountId, params, true)
  return db.aggregate.query(clicksSql(where), args)
}
