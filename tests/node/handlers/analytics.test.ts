// GET /analytics on hand-made rows: column order, PHP types of the computed
// columns, the v2 video merge and removeZeros.
import { describe, expect, it } from 'vitest'
import { analytics } from '../../../src/handlers/analytics.ts'
import {
  analyticsV1Row,
  analyticsV2Row,
  hasActivity,
  mergeVideo,
} from '../../../src/handlers/analytics-rows.ts'
import type { ApiVersion } from '../../../src/handlers/types.ts'
import type { Row } from '../../../src/lib/db-types.ts'
import { kpiRow, params, videoRow } from './support/rows.ts'
import { scriptedSql } from './support/scripted-sql.ts'

const V1_KEYS = [
  'date',
  'advertiser_id',
  'advertiser_name',
  'campaign_id',
  'campaign_name',
  'impressions',
  'clicks',
  'engagements',
  'ctr',
  'engagement_rate',
  'avg_interaction_time',
]
const VIDEO_KEYS = [
  'video_starts',
  'video_q25',
  'video_q50',
  'video_q75',
  'video_completes',
  'completion_rate',
]

describe('analytics rows', () => {
  it('keeps the MySQL strings and appends the PHP ratios as floats, without interaction_ms', () => {
    const row = analyticsV1Row(kpiRow())
    expect(Object.keys(row)).toEqual(V1_KEYS)
    expect(row).toMatchObject({
      impressions: '1000',
      clicks: '25',
      engagements: '40',
      ctr: 2.5,
      engagement_rate: 4,
      avg_interaction_time: 2,
    })
  })

  it('gives the int 0 for a ratio whose denominator is zero', () => {
    const row = analyticsV1Row(kpiRow({ impressions: '0', clicks: '5', engagements: '0' }))
    expect(row).toMatchObject({ ctr: 0n, engagement_rate: 0n, avg_interaction_time: 0n })
  })

  it('fills the int 0 into every video column when the day has no video row', () => {
    const row = analyticsV2Row(kpiRow(), undefined)
    expect(Object.keys(row)).toEqual([...V1_KEYS, ...VIDEO_KEYS])
    expect(VIDEO_KEYS.map((key) => row[key])).toEqual([0n, 0n, 0n, 0n, 0n, 0n])
  })

  it('keeps a present video row as strings, "0" included, with completion_rate computed', () => {
    const row = analyticsV2Row(kpiRow(), videoRow({ video_q75: '0' }))
    expect(VIDEO_KEYS.map((key) => row[key])).toEqual(['300', '200', '150', '0', '100', 33.33])
    const idle = analyticsV2Row(kpiRow(), videoRow({ video_starts: '0', video_completes: '0' }))
    expect(idle.video_starts).toBe('0')
    expect(idle.completion_rate).toBe(0n)
  })

  it('merges video by day and campaign and never shows a video-only row', () => {
    const kpi = [kpiRow(), kpiRow({ campaign_id: '43' }), kpiRow({ date: '2024-03-02' })]
    const video = [
      videoRow({ campaign_id: '43', video_starts: '9' }),
      videoRow({ campaign_id: '99' }),
      videoRow({ date: '2024-03-03' }),
    ]
    const merged = mergeVideo(kpi, video)
    expect(merged.map((r) => [r.date, r.campaign_id, r.video_starts])).toEqual([
      ['2024-03-01', '42', 0n],
      ['2024-03-01', '43', '9'],
      ['2024-03-02', '42', 0n],
    ])
  })

  it('counts a row as active when any of impressions, clicks or engagements is non-zero', () => {
    expect(hasActivity(kpiRow({ impressions: '0', clicks: '0', engagements: '0' }))).toBe(false)
    expect(hasActivity(kpiRow({ impressions: '0', clicks: '0', engagements: '1' }))).toBe(true)
    expect(hasActivity(kpiRow({ impressions: '1', clicks: '0', engagements: '0' }))).toBe(true)
  })
})

describe('GET /analytics', () => {
  const zero: Row = kpiRow({ campaign_id: '43', impressions: '0', clicks: '0', engagements: '0' })
  const run = (version: ApiVersion, removeZeros: boolean, video: Row[] = []) => {
    const aggregate = scriptedSql([
      [/FROM daily_kpi/, [kpiRow(), zero]],
      [/FROM daily_video/, video],
    ])
    const db = { console: scriptedSql([]), aggregate }
    return {
      aggregate,
      result: analytics({ accountId: 3, version, params: params({ removeZeros, advertiserId: '7' }), db }),
    }
  }

  it('answers v1 with one query scoped to the account, range and advertiser', async () => {
    const { aggregate, result } = run('1.0', false)
    expect(await result).toHaveLength(2)
    expect(aggregate.calls).toHaveLength(1)
    expect(aggregate.calls[0]!.params).toEqual([3, '2024-03-01', '2024-03-31', '7'])
    expect(aggregate.calls[0]!.sql).toMatch(
      /account_id = \? AND stat_date BETWEEN \? AND \? AND advertiser_id = \?/,
    )
  })

  it('answers v2 with a second, video query and the video columns', async () => {
    const { aggregate, result } = run('2.0', false, [videoRow({ campaign_id: '43', video_starts: '5' })])
    const rows = (await result) as Record<string, unknown>[]
    expect(aggregate.calls.map((c) => /daily_video/.test(c.sql))).toEqual([false, true])
    expect(rows.map((r) => r.video_starts)).toEqual([0n, '5'])
  })

  it('drops all-zero rows with removeZeros, even when they have video', async () => {
    const { result } = run('2.0', true, [videoRow({ campaign_id: '43' })])
    expect(((await result) as Record<string, unknown>[]).map((r) => r.campaign_id)).toEqual(['42'])
  })

  it('answers an empty list when the range has no statistics', async () => {
    const aggregate = scriptedSql([[/daily_/, []]])
    const db = { console: scriptedSql([]), aggregate }
    expect(await analytics({ accountId: 1, version: '2.0', params: params(), db })).toEqual([])
  })
})
