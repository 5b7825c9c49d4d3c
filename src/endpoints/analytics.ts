// GET /analytics: daily_kpi per day and campaign with the PHP ratios; v2 adds
// the daily_video sums of the same day and campaign.
import { defineEndpoint } from './endpoint.ts'
import {
  hasActivity,
  kpiRows,
  kpiWithVideoRows,
  V1_COLUMNS,
  v1Row,
  V2_COLUMNS,
  v2Row,
} from './stats/daily-rows.ts'
import { tableOf } from './tables.ts'

export const analytics = defineEndpoint({
  name: 'analytics',
  params: ['from', 'to', 'advertiser_id', 'removeZeros', 'version'],
  ownership: 'pipeline',
  versionFlags: { '2.0': 'HANDLER_ANALYTICS_V2_ENABLED' },
  handler: async ({ db, accountId, version, params }) => {
    const keep = params.removeZeros ? hasActivity : () => true
    if (version === '1.0') {
      return tableOf(kpiRows(db.aggregate, accountId, params, true), V1_COLUMNS, (row) =>
        keep(row) ? v1Row(row) : null,
      )
    }
    return tableOf(kpiWithVideoRows(db.aggregate, accountId, params, true), V2_COLUMNS, (row) =>
      keep(row) ? v2Row(row) : null,
    )
  },
})
