// GET /analytics on hand-made rows: column order, PHP types of the computed
// columns, the v2 video columns of the joined query, removeZeros, and the
// range read a month at a time.
import { describe, expect, it } from 'vitest'
import type { ApiVersion } from '../../../src/domain/vocabulary.ts'
import { analytics } from '../../../src/endpoints/analytics.ts'
import { hasActivity, V1_COLUMNS, v1Row, V2_COLUMNS, v2Row } from '../../../src/endpoints/stats/daily-rows.ts'
import { materialize, tableRow, type PhpAssoc } from '../../../src/render/php-value.ts'
import { joinedRow, kpiRow, params, videoRow } from './support/rows.ts'
import { scriptedSql } from './support/scripted-sql.ts'

const VIDEO_KEYS = V2_COLUMNS.slice(V1_COLUMNS.length)

describe('analytics rows', () => {
  it('keeps the MySQL strings and appends the PHP ratios as floats, without interaction_ms', () => {
    const row = tableRow(V1_COLUMNS, v1Row(kpiRow()))
    expect(Object.keys(row)).toEqual([
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
    ])
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
    const row = tableRow(V1_COLUMNS, v1Row(kpiRow({ impressions: '0', clicks: '5', engagements: '0' })))
    expect(row).toMatchObject({ ctr: 0n, engagement_rate: 0n, avg_interaction_time: 0n })
  })

  it('fills the int 0 into every video column when the day has no video row', () => {
    const row = tableRow(V2_COLUMNS, v2Row(joinedRow({}, null)))
    expect(Object.keys(row)).toEqual([...V2_COLUMNS])
    expect(VIDEO_KEYS.map((key) => row[key])).toEqual([0n, 0n, 0n, 0n, 0n, 0n])
  })

  it('keeps a present video row as strings, "0" included, with completion_rate computed', () => {
    const row = tableRow(V2_COLUMNS, v2Row(joinedRow({}, { q75: '0' })))
    expect(VIDEO_KEYS.map((key) => row[key])).toEqual(['300', '200', '150', '0', '100', 33.33])
    const idle = tableRow(V2_COLUMNS, v2Row(joinedRow({}, { starts: '0', completes: '0' })))
    expect(idle.video_starts).toBe('0')
    expect(idle.completion_rate).toBe(0n)
  })

  it('counts a row as active when any of impressions, clicks or engagements is non-zero', () => {
    expect(hasActivity(kpiRow({ impressions: '0', clicks: '0', engagements: '0' }))).toBe(false)
    expect(hasActivity(kpiRow({ impressions: '0', clicks: '0', engagements: '1' }))).toBe(true)
    expect(hasActivity(kpiRow({ impressions: '1', clicks: '0', engagements: '0' }))).toBe(true)
  })
})

describe('GET /analytics', () => {
  const zero = { campaignId: '43', impressions: '0', clicks: '0', engagements: '0' }
  const run = (version: ApiVersion, removeZeros: boolean, video: { starts: string } | null = null) => {
    const aggregate = scriptedSql([
      [/FROM daily_video/, video === null ? [] : [videoRow('2024-03-01', '43', video)]],
      [/FROM daily_kpi/, [kpiRow(), kpiRow(zero)]],
    ])
    const db = { console: scriptedSql([]), aggregate }
    const body = analytics.handler({
      accountId: 3,
      version,
      params: params({ removeZeros, advertiserId: 7n, from: '2024-03-01', to: '2024-03-31' }),
      db,
    })
    return { aggregate, rows: async () => (await materialize(await body)) as PhpAssoc[] }
  }

  it('answers v1 with one streamed query scoped to the account, range and advertiser', async () => {
    const { aggregate, rows } = run('1.0', false)
    expect(await rows()).toHaveLength(2)
    expect(aggregate.calls).toHaveLength(1)
    expect(aggregate.calls[0]).toMatchObject({ streamed: true, params: [3, '2024-03-01', '2024-03-31', 7n] })
    expect(aggregate.calls[0]!.sql).toMatch(
      /account_id = \? AND stat_date BETWEEN \? AND \? AND advertiser_id = \?/,
    )
    expect(aggregate.calls[0]!.sql).not.toMatch(/daily_video/)
  })

  it('answers v2 with the video sums read first, then the kpi rows, both in the same scope', async () => {
    const { aggregate, rows } = run('2.0', false, { starts: '5' })
    const list = await rows()
    expect(aggregate.calls.map((c) => (/FROM daily_video/.test(c.sql) ? 'video' : 'kpi'))).toEqual([
      'video',
      'kpi',
    ])
    for (const call of aggregate.calls) expect(call.params).toEqual([3, '2024-03-01', '2024-03-31', 7n])
    expect(list.map((r) => r.video_starts)).toEqual([0n, '5'])
  })

  it('drops all-zero rows with removeZeros, even when they have video', async () => {
    expect((await run('2.0', true, { starts: '5' }).rows()).map((r) => r.campaign_id)).toEqual(['42'])
    expect((await run('1.0', true).rows()).map((r) => r.campaign_id)).toEqual(['42'])
  })

  it('answers an empty list when the range has no statistics', async () => {
    const aggregate = scriptedSql([[/daily_/, []]])
    const db = { console: scriptedSql([]), aggregate }
    for (const version of ['1.0', '2.0'] as const) {
      expect(
        await materialize(await analytics.handler({ accountId: 1, version, params: params(), db })),
      ).toEqual([])
    }
  })

  it('reads a long range a month at a time, each window only once the one before is read', async () => {
    const aggregate = scriptedSql([[/FROM daily_kpi/, [kpiRow()]]])
    const body = await analytics.handler({
      accountId: 1,
      version: '1.0',
      params: params({ from: '2024-01-01', to: '2024-03-31' }),
      db: { console: scriptedSql([]), aggregate },
    })
    expect(aggregate.calls).toHaveLength(1)
    const rows = (await materialize(body)) as PhpAssoc[]
    expect(rows).toHaveLength(3)
    expect(aggregate.calls.map((c) => c.params.slice(1, 3))).toEqual([
      ['2024-01-01', '2024-01-31'],
      ['2024-02-01', '2024-03-02'],
      ['2024-03-03', '2024-03-31'],
    ])
  })
})
