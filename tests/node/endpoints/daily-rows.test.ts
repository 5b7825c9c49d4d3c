// The daily rows against the demo data: a range read window by window is the
// same rows, in the same order, as the whole range in one query, and the v2
// rows' video sums are exactly those of the same day and campaign.
import { afterAll, describe, expect, it } from 'vitest'
import type { RowBatches, RowValues } from '@adventive/worker-kit/db'
import { KPI, kpiRows, kpiWithVideoRows } from '../../../src/endpoints/stats/daily-rows.ts'
import { dateWindows, windowedRows, WINDOW_DAYS } from '../../../src/endpoints/stats/windows.ts'
import { openDatabases } from '../support/mysql-client.ts'
import { params } from './support/rows.ts'

const db = openDatabases()
afterAll(() => db.close())

async function all(rows: RowBatches): Promise<RowValues[]> {
  const out: RowValues[] = []
  for (let batch = await rows.next(); batch !== null; batch = await rows.next()) out.push(...batch)
  return out
}

describe('dateWindows', () => {
  it('cuts a range into consecutive windows of 31 days, the last one shorter', () => {
    expect(WINDOW_DAYS).toBe(31)
    expect(dateWindows('2024-01-01', '2024-03-31')).toEqual([
      ['2024-01-01', '2024-01-31'],
      ['2024-02-01', '2024-03-02'],
      ['2024-03-03', '2024-03-31'],
    ])
  })

  it('keeps a range of a month or less whole, a single day included', () => {
    expect(dateWindows('2024-03-01', '2024-03-31')).toEqual([['2024-03-01', '2024-03-31']])
    expect(dateWindows('2024-03-10', '2024-03-10')).toEqual([['2024-03-10', '2024-03-10']])
  })

  it('covers every day of any range exactly once, across year ends and leap days', () => {
    const windows = dateWindows('2023-03-31', '2024-03-31')
    expect(windows[0]![0]).toBe('2023-03-31')
    expect(windows.at(-1)![1]).toBe('2024-03-31')
    for (let i = 1; i < windows.length; i++) {
      const previousEnd = new Date(`${windows[i - 1]![1]}T00:00:00Z`)
      previousEnd.setUTCDate(previousEnd.getUTCDate() + 1)
      expect(previousEnd.toISOString().slice(0, 10)).toBe(windows[i]![0])
    }
  })
})

describe('windowedRows', () => {
  it('opens a window only when the one before it is exhausted, and cancels only the open one', async () => {
    const opened: string[] = []
    let cancelled = 0
    const rows = windowedRows(
      [
        ['a', 'a'],
        ['b', 'b'],
      ],
      (from) => {
        opened.push(from)
        let sent = false
        return {
          next: async () => (sent ? null : ((sent = true), [[from]])),
          cancel: () => void cancelled++,
        }
      },
    )
    expect(opened).toEqual(['a'])
    expect(await rows.next()).toEqual([['a']])
    expect(opened).toEqual(['a'])
    expect(await rows.next()).toEqual([['b']])
    expect(opened).toEqual(['a', 'b'])
    rows.cancel()
    expect(cancelled).toBe(1)
    expect(await rows.next()).toBeNull()
  })
})

describe('the daily rows on MariaDB', () => {
  const quarter = params({ from: '2024-01-01', to: '2024-03-31' })

  it('are the same rows window by window as the whole range in one query', async () => {
    const windowed = await all(kpiRows(db.aggregate, 1, quarter, false))
    const whole = await all(
      db.aggregate.stream(
        `SELECT stat_date, MAX(advertiser_id), MAX(advertiser_name), campaign_id, MAX(campaign_name),
           SUM(impressions), SUM(clicks), SUM(engagements), SUM(interaction_ms)
         FROM daily_kpi WHERE account_id = 1 AND stat_date BETWEEN '2024-01-01' AND '2024-03-31'
         GROUP BY stat_date, campaign_id ORDER BY stat_date, campaign_id`,
      ),
    )
    expect(windowed.length).toBeGreaterThan(1_000)
    expect(windowed).toEqual(whole)
  })

  it('carry with each kpi row the video sums of the same day and campaign, or NULLs', async () => {
    const joined = await all(kpiWithVideoRows(db.aggregate, 1, quarter, false))
    const video = await db.aggregate.query(
      `SELECT stat_date AS day, campaign_id, SUM(video_starts) AS s, SUM(video_q25) AS q25, SUM(video_q50) AS q50,
         SUM(video_q75) AS q75, SUM(video_completes) AS c
       FROM daily_video WHERE account_id = 1 AND stat_date BETWEEN '2024-01-01' AND '2024-03-31'
       GROUP BY stat_date, campaign_id`,
    )
    const byKey = new Map(video.map((v) => [`${v.day}/${v.campaign_id}`, [v.s, v.q25, v.q50, v.q75, v.c]]))
    const kpi = await all(kpiRows(db.aggregate, 1, quarter, false))
    expect(joined.map((row) => row.slice(0, 9))).toEqual(kpi)
    let withVideo = 0
    for (const row of joined) {
      const expected = byKey.get(`${row[KPI.date]}/${row[KPI.campaignId]}`) ?? [null, null, null, null, null]
      if (expected[0] !== null) withVideo++
      expect(row.slice(9)).toEqual(expected)
    }
    expect(withVideo).toBeGreaterThan(0)
    expect(withVideo).toBeLessThan(joined.length)
  })
})
