// Hand-made aggregate rows, as MySQL returns them (strings), with overrides.
import type { Row } from '../../../../src/lib/db-types.ts'
import type { LegacyParams } from '../../../../src/handlers/types.ts'

export function kpiRow(overrides: Row = {}): Row {
  return {
    date: '2024-03-01',
    advertiser_id: '7',
    advertiser_name: 'Acme & Co',
    campaign_id: '42',
    campaign_name: 'Spring',
    impressions: '1000',
    clicks: '25',
    engagements: '40',
    interaction_ms: '80000',
    ...overrides,
  }
}

export function videoRow(overrides: Row = {}): Row {
  return {
    date: '2024-03-01',
    campaign_id: '42',
    video_starts: '300',
    video_q25: '200',
    video_q50: '150',
    video_q75: '120',
    video_completes: '100',
    ...overrides,
  }
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
