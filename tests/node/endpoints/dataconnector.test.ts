// GET /dataconnector on hand-made rows: both Looker Studio shapes, PHP (int)
// casts with saturation, and rows produced lazily from the two streams.
import { describe, expect, it } from 'vitest'
import { dataconnector } from '../../../src/endpoints/dataconnector.ts'
import {
  CONNECTOR_NEW_COLUMNS,
  CONNECTOR_SCHEMA,
  connectorNewRow,
  connectorRow,
} from '../../../src/endpoints/stats/connector-shapes.ts'
import { v2Row } from '../../../src/endpoints/stats/daily-rows.ts'
import { renderBody } from '../../../src/render/body.ts'
import {
  isLazy,
  materialize,
  tableRow,
  type PhpAssoc,
  type PhpLazy,
  type PhpValue,
} from '../../../src/render/php-value.ts'
import { joinedRow, kpiRow, params, videoRow } from './support/rows.ts'
import { scriptedSql } from './support/scripted-sql.ts'

const newRow = (...args: Parameters<typeof joinedRow>) =>
  tableRow(CONNECTOR_NEW_COLUMNS, connectorNewRow(v2Row(joinedRow(...args))))

describe('convertForConnector (data_connector=1)', () => {
  it('lists date, advertiser, campaign, the count strings and ctr as computed', () => {
    expect(connectorRow(kpiRow())).toEqual({
      values: ['20240301', 'Acme & Co', 'Spring', '1000', '25', '40', 2.5],
    })
  })

  it('keeps the int 0 of a ctr without impressions', () => {
    const row = connectorRow(kpiRow({ impressions: '0' }))
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
    expect(newRow({}, {})).toEqual({
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
    const row = newRow({ impressions: '0' }, null)
    expect([row.videoStarts, row.videoCompletes]).toEqual([0n, 0n])
    expect([row.ctr, row.engagementRate, row.completionRate]).toEqual([0, 0, 0])
    expect(typeof row.completionRate).toBe('number')
  })

  it('keeps sums beyond 2^53 exact and saturates sums beyond PHP_INT_MAX', () => {
    const row = newRow(
      {
        impressions: '12000001332814927394',
        clicks: '9007199254740993',
        engagements: '9223372036854775807',
      },
      null,
    )
    expect(row.impressions).toBe(9223372036854775807n)
    expect(row.clicks).toBe(9007199254740993n)
    expect(row.engagements).toBe(9223372036854775807n)
  })
})

describe('GET /dataconnector', () => {
  const kpi = [kpiRow(), kpiRow({ campaignId: '43' }), kpiRow({ date: '2024-03-02' })]
  const video = [videoRow('2024-03-01', '43')]
  const databases = (rows = kpi, batch = 1) => {
    const aggregate = scriptedSql(
      [
        [/FROM daily_video/, video],
        [/FROM daily_kpi/, rows],
      ],
      batch,
    )
    return { db: { console: scriptedSql([]), aggregate }, aggregate }
  }

  it('answers data_connector=1 as {schema, rows} with the rows as a lazy list, from daily_kpi alone', async () => {
    const { db, aggregate } = databases()
    const body = (await dataconnector.handler({
      accountId: 1,
      version: '1.0',
      params: params(),
      db,
    })) as PhpAssoc
    expect(Object.keys(body)).toEqual(['schema', 'rows'])
    expect(body.schema).toBe(CONNECTOR_SCHEMA)
    expect(isLazy(body.rows)).toBe(true)
    const items = (await materialize(body.rows!)) as PhpAssoc[]
    expect(items.map((i) => (i.values as PhpValue[]).slice(0, 3))).toEqual([
      ['20240301', 'Acme & Co', 'Spring'],
      ['20240301', 'Acme & Co', 'Spring'],
      ['20240302', 'Acme & Co', 'Spring'],
    ])
    expect(aggregate.calls.map((c) => /FROM daily_video/.test(c.sql))).toEqual([false])
  })

  it('answers data_connector=2 (and version 2.0) as a lazy table in the connector columns', async () => {
    const { db } = databases()
    const body = await dataconnector.handler({
      accountId: 1,
      version: '2.0',
      params: params({ dataConnector: 2 }),
      db,
    })
    expect(isLazy(body)).toBe(true)
    expect((body as PhpLazy & { columns: string[] }).columns).toEqual(CONNECTOR_NEW_COLUMNS)
    const table = (await materialize(body)) as PhpAssoc[]
    expect(table.map((r) => [r.campaignId, r.videoStarts])).toEqual([
      [42n, 0n],
      [43n, 300n],
      [42n, 0n],
    ])
  })

  it('reads the whole account: no advertiser filter, no removeZeros', async () => {
    const { db, aggregate } = databases()
    const body = await dataconnector.handler({
      accountId: 5,
      version: '2.0',
      params: params({ advertiserId: 9n, removeZeros: true, dataConnector: 2 }),
      db,
    })
    expect(await materialize(body)).toHaveLength(3)
    expect(aggregate.calls.map((c) => [c.streamed, c.params])).toEqual([
      [true, [5, '2024-03-01', '2024-03-31']],
      [true, [5, '2024-03-01', '2024-03-31']],
    ])
    for (const call of aggregate.calls) expect(call.sql).not.toMatch(/advertiser_id = \?/)
  })

  it('reads the kpi rows only as the list is read, and stops the streams when closed', async () => {
    const many = Array.from({ length: 50 }, (_, i) => kpiRow({ campaignId: String(100 + i) }))
    const { db, aggregate } = databases(many, 5)
    const body = await dataconnector.handler({
      accountId: 1,
      version: '2.0',
      params: params({ dataConnector: 2 }),
      db,
    })
    expect(aggregate.pulled).toBe(0)
    const lazy = body as PhpLazy
    await lazy.next()
    // The video sums (one row) whole, then one batch of kpi rows.
    expect(aggregate.pulled).toBe(1 + 5)
    lazy.close()
    expect(aggregate.cancelled).toBeGreaterThan(0)
  })

  it('answers an empty rows list, and an empty root list, for a range without statistics', async () => {
    const one = (await dataconnector.handler({
      accountId: 1,
      version: '1.0',
      params: params(),
      db: databases([]).db,
    })) as PhpAssoc
    expect(await materialize(one.rows!)).toEqual([])
    const two = await dataconnector.handler({
      accountId: 1,
      version: '1.0',
      params: params({ dataConnector: 2 }),
      db: databases([]).db,
    })
    expect(await materialize(two)).toEqual([])
  })

  it('fails at the first read, before any byte of the body, when the query fails', async () => {
    const failing = scriptedSql([[/daily_/, new Error('connection refused')]])
    const body = await dataconnector.handler({
      accountId: 1,
      version: '1.0',
      params: params({ dataConnector: 2 }),
      db: { console: failing, aggregate: failing },
    })
    await expect(renderBody('json', body)).rejects.toThrow('connection refused')
  })
})
