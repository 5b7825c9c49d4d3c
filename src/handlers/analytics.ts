// GET /analytics: daily_kpi per day and campaign with the PHP ratios; v2 adds
// the daily_video sums (a second query, merged by day and campaign).
import { hasActivity, analyticsV1Row, mergeVideo } from './analytics-rows.ts'
import { kpiByDayAndCampaignSql, statsFilter, videoByDayAndCampaignSql } from './stats-sql.ts'
import type { Handler } from './types.ts'

export const analytics: Handler = async ({ db, accountId, version, params }) => {
  const { where, args } = statsFilter(accountId, params, true)
  const kpiRows = await db.aggregate.query(kpiByDayAndCampaignSql(where), args)
  const shown = params.removeZeros ? kpiRows.filter(hasActivity) : kpiRows
  if (version === '1.0') return shown.map(analyticsV1Row)
  const videoRows = await db.aggregate.query(videoByDayAndCampaignSql(where), args)
  return mergeVideo(shown, videoRows)
}
