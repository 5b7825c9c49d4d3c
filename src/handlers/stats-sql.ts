// The aggregate_ro queries shared by the statistics endpoints. Every one is
// scoped to the caller's account and the date range (the leading columns of
// the ix_*_account_date indexes), names are MAX() over the grouped rows.
import type { LegacyParams } from './types.ts'

export interface StatsFilter {
  /** A WHERE clause over the table's own columns, with `?` placeholders. */
  where: string
  args: unknown[]
}

/** account + date range, and the advertiser when the endpoint reads it and it was given. */
export function statsFilter(accountId: number, params: LegacyParams, byAdvertiser: boolean): StatsFilter {
  const where = 'account_id = ? AND stat_date BETWEEN ? AND ?'
  const args: unknown[] = [accountId, params.from, params.to]
  if (!byAdvertiser || params.advertiserId === null) return { where, args }
  return { where: `${where} AND advertiser_id = ?`, args: [...args, params.advertiserId] }
}

/** daily_kpi summed per (day, campaign), by day then campaign id; interaction_ms is for the ratios only. */
export const kpiByDayAndCampaignSql = (where: string) => `
SELECT stat_date AS \`date\`, MAX(advertiser_id) AS advertiser_id, MAX(advertiser_name) AS advertiser_name,
  campaign_id, MAX(campaign_name) AS campaign_name,
  SUM(impressions) AS impressions, SUM(clicks) AS clicks, SUM(engagements) AS engagements,
  SUM(interaction_ms) AS interaction_ms
FROM daily_kpi
WHERE ${where}
GROUP BY stat_date, campaign_id
ORDER BY stat_date, campaign_id`

/** daily_video summed per the same key as kpiByDayAndCampaignSql. */
export const videoByDayAndCampaignSql = (where: string) => `
SELECT stat_date AS \`date\`, campaign_id,
  SUM(video_starts) AS video_starts, SUM(video_q25) AS video_q25, SUM(video_q50) AS video_q50,
  SUM(video_q75) AS video_q75, SUM(video_completes) AS video_completes
FROM daily_video
WHERE ${where}
GROUP BY stat_date, campaign_id
ORDER BY stat_date, campaign_id`

/**
 * Both in one ordered result (video columns NULL where a kpi row has no video
 * row), so dataconnector can stream rows without holding either side.
 */
export const kpiWithVideoSql = (where: string) => `
SELECT k.*, v.video_starts, v.video_q25, v.video_q50, v.video_q75, v.video_completes
FROM (${kpiByDayAndCampaignSql(where)}) k
LEFT JOIN (${videoByDayAndCampaignSql(where)}) v ON v.\`date\` = k.\`date\` AND v.campaign_id = k.campaign_id
ORDER BY k.\`date\`, k.campaign_id`
