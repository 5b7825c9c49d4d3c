// GET /dataconnector on hand-made rows: both Looker Studio shapes, PHP (int)
// casts with saturation, and rows produced lazily from a stream.
import { describe, expect, it } from 'vitest'
import { analyticsV2Row } from '../../../src/handlers/analytics-rows.ts'
import { CONNECTOR_SCHEMA, connectorNewRow, connectorRow } from '../../../src/handlers/connector-convert.ts'
import { dataconnector } from '../../../src/handlers/dataconnector.ts'
import type { Row } from '../../../src/lib/db-types.ts'
import {
  isLazyList,
  type PhpAssoc,
  type PhpLazyList,
  type PhpValue,
} from '../../../src/lib/format/php-value.ts'
import { kpiRow, params, videoRow } from './support/rows.ts'
import { scriptedSql } from './support/scripted-sql.ts'

/** A row of the joined query: kpi columns, then video columns (NULL without a video row). */
const joined = (kpi: Row, video?: Row): Row => ({
  ...kpi,
  ...(video ?? {
    video_starts: null,
    video_q25: null,
    video_q50: null,
    video_q75: null,
    video_completes: null,
  }),
  date: kpi.date!,
  campaign_id: kpi.campaign_id!,
})

describe('convertForConnector (data_connector=1)', () => {
  it('lists date, advertiser, campaign, the count strings and ctr as computed', () => {
    const row = connectorRow(analyticsV2Row(kpiRow(), undefined))
    expect(row).toEqual({ values: ['20240301', 'Acme & Co', 'Spring', '1000', '25', '40', 2.5] })
  })

  it('keeps the int 0 of a ctr without impressions', () => {
    const row = connectorRow(analyticsV2Row(kpiRow({ impressions: '0' }), undefined))
    expect((row.values as PhpValue[])[6]).toBe(0n)
  })

  it('declares the seven fields in order with their data types', () => {
    expect(CONNECTOR_SCHEMA.map((f) => `${f.name}:${f.dataType}`)).toEqual([
      'date:STRING',
      'advertiser:STRING',
      'campaign:STRING',
      'impressions:NUMBER',
      'clicks:NUMBER',
      'engagements:NUMBER',
      'ctr:NUMBER',
    ])
  })
})

describe('convertForConnectorNew (data_connector=2)', () => {
  it('casts ids and counts to PHP ints and keeps the ratios as floats', () => {
    const row = connectorNewRow(analyticsV2Row(kpiRow(), videoRow()))
    expect(row).toEqual({
      day: '20240301',
      advertiserId: 7n,
      advertiserName: 'Acme & Co',
      campaignId: 42n,
      campaignName: 'Spring',
      impressions: 1000n,
      clicks: 25n,
      engagements: 40n,
      ctr: 2.5,
      engagementRate: 4,
      videoStarts: 300n,
      videoCompletes: 100n,
      completionRate: 33.33,
    })
  })

  it('gives int 0 video counts and a float 0 completion rate without a video row', () => {
    const row = connectorNewRow(analyticsV2Row(kpiRow({ impressions: '0' }), undefined))
    expect([row.videoStarts, row.videoCompletes]).toEqual([0n, 0n])
    expect([row.ctr, row.engagementRate, row.completionRate]).toEqual([0, 0, 0])
    expect(typeof row.completionRate).toBe('number')
  })

  it('keeps sums beyond 2^53 exact and saturates sums beyond PHP_INT_MAX', () => {
    const row = connectorNewRow(
      analyticsV2Row(
        kpiRow({
          impressions: '12000001332814927394',
          clicks: '9007199254740993',
          engagements: '9223372036854775807',
        }),
        undefined,
      ),
    )
    expect(row.impressions).toBe(9223372036854775807n)
    expect(row.clicks).toBe(9007199254740993n)
    expect(row.engagements).toBe(9223372036854775807n)
  })
})

async function drain(list: PhpValue): Promise<PhpValue[]> {
  if (!isLazyList(list)) throw new Error('not a lazy list')
  const items: PhpValue[] = []
  for await (const item of list) items.push(item)
  return items
}

describe('GET /dataconnector', () => {
  const rows = [
    joined(kpiRow()),
    joined(kpiRow({ campaign_id: '43' }), videoRow({ campaign_id: '43' })),
    joined(kpiRow({ date: '2024-03-02' })),
  ]

  it('answers data_connector=1 as {schema, rows} with the rows as a lazy list', async () => {
    const aggregate = scriptedSql([[/daily_kpi/, rows]])
    const body = (await dataconnector({
      accountId: 1,
      version: '1.0',
      params: params(),
      db: { console: scriptedSql([]), aggregate },
    })) as PhpAssoc
    expect(Object.keys(body)).toEqual(['schema', 'rows'])
    expect(body.schema).toBe(CONNECTOR_SCHEMA)
    const items = (await drain(body.rows!)) as PhpAssoc[]
    expect(items.map((i) => (i.values as PhpValue[])[0])).toEqual(['20240301', '20240301', '20240302'])
  })

  it('answers data_connector=2 as a root lazy list with the video figures merged', async () => {
    const aggregate = scriptedSql([[/daily_kpi/, rows]])
    const body = await dataconnector({
      accountId: 1,
      version: '2.0',
      params: params({ dataConnector: 2 }),
      db: { console: scriptedSql([]), aggregate },
    })
    const items = (await drain(body)) as PhpAssoc[]
    expect(items.map((i) => [i.campaignId, i.videoStarts])).toEqual([
      [42n, 0n],
      [43n, 300n],
      [42n, 0n],
    ])
  })

  it('reads the whole account in one streamed query, ignoring advertiser_id and removeZeros', async () => {
    const aggregate = scriptedSql([[/daily_kpi/, rows]])
    const db = { console: scriptedSql([]), aggregate }
    await dataconnector({
      accountId: 5,
      version: '1.0',
      params: params({ advertiserId: '9', removeZeros: true }),
      db,
    })
    expect(aggregate.calls).toHaveLength(1)
    expect(aggregate.calls[0]!.streamed).toBe(true)
    expect(aggregate.calls[0]!.params).toEqual([5, '2024-03-01', '2024-03-31', 5, '2024-03-01', '2024-03-31'])
    expect(aggregate.calls[0]!.sql).not.toMatch(/advertiser_id = \?/)
  })

  it('pulls one row before answering and the rest only as the list is read', async () => {
    const aggregate = scriptedSql([[/daily_kpi/, rows]])
    const body = (await dataconnector({
      accountId: 1,
      version: '2.0',
      params: params({ dataConnector: 2 }),
      db: { console: scriptedSql([]), aggregate },
    })) as PhpLazyList
    expect(aggregate.pulled).toBe(1)
    const iterator = body[Symbol.asyncIterator]()
    await iterator.next()
    await iterator.next()
    expect(aggregate.pulled).toBe(2)
  })

  it('answers an empty rows list, and an empty root list, for a range without statistics', async () => {
    const db = () => ({ console: scriptedSql([]), aggregate: scriptedSql([[/daily_kpi/, []]]) })
    const one = (await dataconnector({
      accountId: 1,
      version: '1.0',
      params: params(),
      db: db(),
    })) as PhpAssoc
    expect(await drain(one.rows!)).toEqual([])
    expect(
      await drain(
        await dataconnector({ accountId: 1, version: '1.0', params: params({ dataConnector: 2 }), db: db() }),
      ),
    ).toEqual([])
  })

  it('fails before answering when the query fails', async () => {
    const failing = {
      query: async () => [],
      stream: () =>
        // eslint-disable-next-line require-yield -- a stream that fails before its first row
        (async function* (): AsyncGenerator<Row> {
          throw new Error('connection refused')
        })(),
    }
    await expect(
      dataconnector({
        accountId: 1,
        version: '1.0',
        params: params(),
        db: { console: failing, aggregate: failing },
      }),
    ).rejects.toThrow('connection refused')
  })
})
