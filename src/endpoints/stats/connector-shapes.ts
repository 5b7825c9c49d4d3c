// The two Looker Studio shapes the legacy controller made of the v2 analytics
// rows: convertForConnector (data_connector=1) and convertForConnectorNew (2).
import type { RowValues } from '@adventive/worker-kit/db'
import type { PhpAssoc, PhpScalar } from '../../render/php-value.ts'
import { ctr, intCast } from '../../php/numeric.ts'
import { KPI, V2 } from './daily-rows.ts'

/** data_connector=1: the fixed schema that precedes the rows. */
export const CONNECTOR_SCHEMA: PhpAssoc[] = [
  ['date', 'STRING'],
  ['advertiser', 'STRING'],
  ['campaign', 'STRING'],
  ['impressions', 'NUMBER'],
  ['clicks', 'NUMBER'],
  ['engagements', 'NUMBER'],
  ['ctr', 'NUMBER'],
].map(([name, dataType]) => ({ name: name!, dataType: dataType! }))

/** `(int)$v` of a MySQL string or of PHP's int 0 for a missing video row. */
const phpInt = (v: PhpScalar): bigint => intCast(v as string | bigint)

/** `(float)$v` of a computed ratio: a float already, or the int 0. */
const phpFloat = (v: PhpScalar): number => (typeof v === 'bigint' ? Number(v) : (v as number))

/** 'YYYY-MM-DD' → 'YYYYMMDD' (Looker Studio's YEAR_MONTH_DAY). */
const compactDate = (date: PhpScalar): string => String(date).replaceAll('-', '')

/**
 * convertForConnector, from a daily_kpi row: one `values` list per row,
 * counts kept as MySQL strings, ctr as computed. None of it comes from the
 * video sums, so this shape reads daily_kpi alone (the legacy controller
 * also read daily_video and used none of it).
 */
export function connectorRow(kpi: RowValues): PhpAssoc {
  const impressions = kpi[KPI.impressions]!
  const clicks = kpi[KPI.clicks]!
  return {
    values: [
      compactDate(kpi[KPI.date]!),
      kpi[KPI.advertiserName]!,
      kpi[KPI.campaignName]!,
      impressions,
      clicks,
      kpi[KPI.engagements]!,
      ctr(clicks, impressions),
    ],
  }
}

export const CONNECTOR_NEW_COLUMNS = [
  'day',
  'advertiserId',
  'advertiserName',
  'campaignId',
  'campaignName',
  'impressions',
  'clicks',
  'engagements',
  'ctr',
  'engagementRate',
  'videoStarts',
  'videoCompletes',
  'completionRate',
] as const

/** convertForConnectorNew: camelCase keys, ids and counts as PHP (int), ratios as PHP (float). */
export function connectorNewRow(row: readonly PhpScalar[]): PhpScalar[] {
  return [
    compactDate(row[V2.date]!),
    phpInt(row[V2.advertiser_id]!),
    row[V2.advertiser_name]!,
    phpInt(row[V2.campaign_id]!),
    row[V2.campaign_name]!,
    phpInt(row[V2.impressions]!),
    phpInt(row[V2.clicks]!),
    phpInt(row[V2.engagements]!),
    phpFloat(row[V2.ctr]!),
    phpFloat(row[V2.engagement_rate]!),
    phpInt(row[V2.video_starts]!),
    phpInt(row[V2.video_completes]!),
    phpFloat(row[V2.completion_rate]!),
  ]
}
