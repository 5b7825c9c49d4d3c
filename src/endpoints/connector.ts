// GET /connector: daily_kpi summed per advertiser over the range, with the PHP
// ratios, ordered by the (MAX) advertiser name then id.
import { avgInteractionTime, ctr, engagementRate } from '../php/numeric.ts'
import { defineEndpoint } from './endpoint.ts'
import { statsFilter } from './stats/filter.ts'
import { tableOf } from './tables.ts'

const perAdvertiserSql = (where: string) => `
SELECT advertiser_id, MAX(advertiser_name) AS advertiser_name,
  SUM(impressions) AS impressions, SUM(clicks) AS clicks, SUM(engagements) AS engagements,
  SUM(interaction_ms) AS interaction_ms
FROM daily_kpi
WHERE ${where}
GROUP BY advertiser_id
ORDER BY MAX(advertiser_name), advertiser_id`

const COLUMNS = [
  'advertiser_id',
  'advertiser_name',
  'impressions',
  'clicks',
  'engagements',
  'ctr',
  'engagement_rate',
  'avg_interaction_time',
]

export const connector = defineEndpoint({
  name: 'connector',
  params: ['from', 'to', 'advertiser_id', 'version'],
  ownership: 'pipeline',
  handler: async ({ db, accountId, params }) => {
    const { where, args } = statsFilter(accountId, params, true)
    return tableOf(db.aggregate.stream(perAdvertiserSql(where), args), COLUMNS, (row) => {
      const [advertiserId, name, impressions, clicks, engagements, interactionMs] = row
      return [
        advertiserId!,
        name!,
        impressions!,
        clicks!,
        engagements!,
        ctr(clicks!, impressions!),
        engagementRate(engagements!, impressions!),
        avgInteractionTime(interactionMs!, engagements!),
      ]
    })
  },
})
