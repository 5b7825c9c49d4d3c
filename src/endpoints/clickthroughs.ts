// GET /clickthroughs: daily_clicks per day, ad unit and click URL (the URL
// groups and sorts byte-wise: its column is utf8mb4_bin).
import { defineEndpoint } from './endpoint.ts'
import { dailyRows } from './stats/daily-rows.ts'
import { tableOf } from './tables.ts'

const clicksSql = (where: string) => `
SELECT stat_date AS \`date\`, MAX(advertiser_id) AS advertiser_id, MAX(campaign_id) AS campaign_id,
  MAX(campaign_name) AS campaign_name, ad_unit_id, click_url, SUM(clicks) AS clicks
FROM daily_clicks
WHERE ${where}
GROUP BY stat_date, ad_unit_id, click_url
ORDER BY stat_date, ad_unit_id, click_url`

const COLUMNS = ['date', 'advertiser_id', 'campaign_id', 'campaign_name', 'ad_unit_id', 'click_url', 'clicks']

export const clickthroughs = defineEndpoint({
  name: 'clickthroughs',
  params: ['from', 'to', 'advertiser_id', 'version'],
  ownership: 'pipeline',
  handler: async ({ db, accountId, params }) => {
    return tableOf(dailyRows(db.aggregate, accountId, params, true, clicksSql), COLUMNS)
  },
})
