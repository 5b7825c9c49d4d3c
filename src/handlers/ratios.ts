// The legacy controller's computed columns, from the row's MySQL strings,
// through the PHP arithmetic of src/lib/php/numeric.ts (floats or the int 0).
import type { Row } from '../lib/db-types.ts'
import type { PhpAssoc } from '../lib/format/php-value.ts'
import {
  avgInteractionTime,
  completionRate as phpCompletionRate,
  ctr,
  engagementRate,
} from '../lib/php/numeric.ts'

/** ctr, engagement_rate, avg_interaction_time of a kpi row (impressions, clicks, engagements, interaction_ms). */
export function kpiRatios(row: Row): PhpAssoc {
  const impressions = row.impressions ?? null
  const engagements = row.engagements ?? null
  return {
    ctr: ctr(row.clicks ?? null, impressions),
    engagement_rate: engagementRate(engagements, impressions),
    avg_interaction_time: avgInteractionTime(row.interaction_ms ?? null, engagements),
  }
}

/** completion_rate of a video row (video_completes over video_starts). */
export function completionRate(video: Row): number | bigint {
  return phpCompletionRate(video.video_completes ?? null, video.video_starts ?? null)
}
