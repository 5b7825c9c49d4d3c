// The rows of /analytics as the legacy controller built them from the query
// results: MySQL strings kept, the PHP ratios appended, v2's video columns
// merged in. Shared with /dataconnector, which converts the v2 rows.
import type { Row } from '../lib/db-types.ts'
import type { PhpAssoc } from '../lib/format/php-value.ts'
import { pick } from './pick.ts'
import { completionRate, kpiRatios } from './ratios.ts'

const KPI_COLUMNS = [
  'date',
  'advertiser_id',
  'advertiser_name',
  'campaign_id',
  'campaign_name',
  'impressions',
  'clicks',
  'engagements',
]
const VIDEO_COLUMNS = ['video_starts', 'video_q25', 'video_q50', 'video_q75', 'video_completes']

/** A v1 row: the kpi columns (strings) then ctr, engagement_rate, avg_interaction_time. */
export function analyticsV1Row(kpi: Row): PhpAssoc {
  return { ...pick(kpi, KPI_COLUMNS), ...kpiRatios(kpi) }
}

/** PHP's stand-in for a missing video row: the int 0 in every column. */
const NO_VIDEO: PhpAssoc = Object.fromEntries(VIDEO_COLUMNS.map((name) => [name, 0n]))

/**
 * A v2 row: v1 then the video sums. Without a video row PHP filled in the int 0
 * (and completion_rate is the int 0); with one, its strings ("0" included).
 */
export function analyticsV2Row(kpi: Row, video: Row | undefined): PhpAssoc {
  return {
    ...analyticsV1Row(kpi),
    ...(video ? pick(video, VIDEO_COLUMNS) : NO_VIDEO),
    completion_rate: video ? completionRate(video) : 0n,
  }
}

/** removeZeros: a row goes when impressions, clicks and engagements are all zero (video never counts). */
export function hasActivity(kpi: Row): boolean {
  return kpi.impressions !== '0' || kpi.clicks !== '0' || kpi.engagements !== '0'
}

const dayAndCampaign = (row: Row): string => `${row.date}|${row.campaign_id}`

/** Each kpi row with its video row (same day and campaign), if any; video-only rows are dropped. */
export function mergeVideo(kpiRows: readonly Row[], videoRows: readonly Row[]): PhpAssoc[] {
  const videoByKey = new Map(videoRows.map((video) => [dayAndCampaign(video), video]))
  return kpiRows.map((kpi) => analyticsV2Row(kpi, videoByKey.get(dayAndCampaign(kpi))))
}
