// The two Looker Studio shapes the legacy controller made of the v2 analytics
// rows: convertForConnector (data_connector=1) and convertForConnectorNew (2).
import type { PhpAssoc, PhpValue } from '../lib/format/php-value.ts'
import { intCast } from '../lib/php/numeric.ts'

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
const phpInt = (v: PhpValue): bigint => intCast(v as string | bigint)

/** `(float)$v` of a computed ratio: a float already, or the int 0. */
const phpFloat = (v: PhpValue): number => (typeof v === 'bigint' ? Number(v) : (v as number))

/** 'YYYY-MM-DD' → 'YYYYMMDD' (Looker Studio's YEAR_MONTH_DAY). */
const compactDate = (date: PhpValue): string => String(date).replaceAll('-', '')

/** convertForConnector: one `values` list per row, counts kept as MySQL strings, ctr as computed. */
export function connectorRow(row: PhpAssoc): PhpAssoc {
  return {
    values: [
      compactDate(row.date!),
      row.advertiser_name!,
      row.campaign_name!,
      row.impressions!,
      row.clicks!,
      row.engagements!,
      row.ctr!,
    ],
  }
}

/** convertForConnectorNew: camelCase keys, ids and counts as PHP (int), ratios as PHP (float). */
export function connectorNewRow(row: PhpAssoc): PhpAssoc {
  return {
    day: compactDate(row.date!),
    advertiserId: phpInt(row.advertiser_id!),
    advertiserName: row.advertiser_name!,
    campaignId: phpInt(row.campaign_id!),
    campaignName: row.campaign_name!,
    impressions: phpInt(row.impressions!),
    clicks: phpInt(row.clicks!),
    engagements: phpInt(row.engagements!),
    ctr: phpFloat(row.ctr!),
    engagementRate: phpFloat(row.engagement_rate!),
    videoStarts: phpInt(row.video_starts!),
    videoCompletes: phpInt(row.video_completes!),
    completionRate: phpFloat(row.completion_rate!),
  }
}
