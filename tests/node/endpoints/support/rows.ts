// Hand-made aggregate rows, as the DB client streams them (arrays of the
// column text in SELECT order), with overrides by column name.
import type { RowValues } from '@adventive/worker-kit/db'
import { KPI } from '../../../../src/endpoints/stats/daily-rows.ts'
import type { LegacyParams } from '../../../../src/domain/vocabulary.ts'

type KpiColumn = keyof typeof KPI

const KPI_DEFAULTS: Record<KpiColumn, string> = {
  date: '2024-03-01',
  advertiserId: '7',
  advertiserName: 'Acme & Co',
  campaignId: '42',
  campaignName: 'Spring',
  impressions: '1000',
  clicks: '25',
  engagements: '40',
  interactionMs: '80000',
}

export function kpiRow(overrides: Partial<Record<KpiColumn, string>> = {}): RowValues {
  const values = { ...KPI_DEFAULTS, ...overrides }
  const row: RowValues = []
  for (const [column, at] of Object.entries(KPI)) row[at] = values[column as KpiColumn]
  return row
}

/** The video sums a joined row carries after the kpi columns, in SELECT order. */
const VIDEO_COLUMNS = ['starts', 'q25', 'q50', 'q75', 'completes'] as const
type VideoColumn = (typeof VIDEO_COLUMNS)[number]

const VIDEO_DEFAULTS: Record<VideoColumn, string> = {
  starts: '300',
  q25: '200',
  q50: '150',
  q75: '120',
  completes: '100',
}

/** A row of the kpi ⟕ video query: the kpi columns, then the video sums (NULL without a video row). */
export function joinedRow(
  kpi: Partial<Record<KpiColumn, string>> = {},
  video: Partial<Record<VideoColumn, string>> | null = {},
): RowValues {
  const values = video === null ? null : { ...VIDEO_DEFAULTS, ...video }
  return [...kpiRow(kpi), ...VIDEO_COLUMNS.map((column) => (values === null ? null : values[column]))]
}

export function params(overrides: Partial<LegacyParams> = {}): LegacyParams {
  return {
    from: '2024-03-01',
    to: '2024-03-31',
    advertiserId: null,
    removeZeros: false,
    dataConnector: 1,
    ...overrides,
  }
}

/** A row of the video query: day, campaign, then the five sums. */
export function videoRow(
  date = '2024-03-01',
  campaignId = '42',
  video: Partial<Record<VideoColumn, string>> = {},
): RowValues {
  const values = { ...VIDEO_DEFAULTS, ...video }
  return [date, campaignId, ...VIDEO_COLUMNS.map((column) => values[column])]
}
