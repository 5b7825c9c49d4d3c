// Values as PHP's mysqli gave them to the legacy app: every column's text (or
// null), from the driver's own options in workerd — and the column types
// whose text the driver would not hand over unchanged refused, not misprinted.
import { env } from 'cloudflare:test'
import { afterEach, describe, expect, it } from 'vitest'
import { UnsupportedColumnError } from '@adventive/worker-kit/db'
import { clientOf, rejection, type ClientHarness } from '../support/databases.ts'

const open: ClientHarness[] = []
// A short budget: a refusal that never reaches the caller fails as a timeout, not a hung test.
const client = () => {
  const harness = clientOf(env.DB_AGGREGATE, { budgetMs: 2_000 })
  open.push(harness)
  return harness.client
}
afterEach(async () => {
  for (const h of open.splice(0)) {
    h.client.close()
    await Promise.all(h.pending)
  }
})

const TEXT_SQL = `SELECT 7 AS n, -7 AS negative, CAST(200 AS UNSIGNED) AS unsigned_int,
  CAST(1.50 AS DECIMAL(10,2)) AS d, CAST('2024-03-15' AS DATE) AS day,
  CAST('2024-03-15 14:05:00' AS DATETIME) AS at, NULL AS nothing,
  18446744073709551615 AS big, 9223372036854775807 AS int_max,
  SUM(9007199254740993) AS total, '🎯 Café' AS name, CAST(5 AS CHAR) AS text_five`

const TEXT_ROW = {
  n: '7',
  negative: '-7',
  unsigned_int: '200',
  d: '1.50',
  day: '2024-03-15',
  at: '2024-03-15 14:05:00',
  nothing: null,
  big: '18446744073709551615',
  int_max: '9223372036854775807',
  total: '9007199254740993',
  name: '🎯 Café',
  text_five: '5',
}

describe('values as PHP’s text', () => {
  it('gives every value as the string mysqli gave PHP, and NULL as null (query)', async () => {
    expect(await client().query(TEXT_SQL)).toEqual([TEXT_ROW])
  })

  it('gives the same text in SELECT order from a stream', async () => {
    const rows = client().stream(TEXT_SQL)
    expect(await rows.next()).toEqual([Object.values(TEXT_ROW)])
    expect(await rows.next()).toBeNull()
  })

  it('keeps sums beyond 2^64 exact (DECIMAL results)', async () => {
    const [row] = await client().query(
      'SELECT SUM(v) AS total FROM (SELECT 18446744073709551615 AS v UNION ALL SELECT 18446744073709551615) t',
    )
    expect(row).toEqual({ total: '36893488147419103230' })
  })

  it('gives integer columns (SMALLINT, INT, BIGINT UNSIGNED) as their digits', async () => {
    const consoleDb = clientOf(env.DB_CONSOLE, { budgetMs: 2_000 })
    open.push(consoleDb)
    const [placement] = await consoleDb.client.query(
      'SELECT id, width, height FROM placements ORDER BY id LIMIT 1',
    )
    const [kpi] = await client().query(
      'SELECT placement_id, impressions FROM daily_kpi ORDER BY stat_date, campaign_id, placement_id LIMIT 1',
    )
    for (const value of [...Object.values(placement!), ...Object.values(kpi!)]) expect(value).toMatch(/^\d+$/)
  })

  it('escapes parameters client-side', async () => {
    expect(await client().query('SELECT ? AS s, ? AS n', ['O\'Brien \\ "x"', 42])).toEqual([
      { s: 'O\'Brien \\ "x"', n: '42' },
    ])
  })
})

describe('column types without a faithful text', () => {
  it.each([
    ['DOUBLE', 'SELECT CAST(1.5 AS DOUBLE) AS v'],
    ['FLOAT', 'SELECT CAST(1.5 AS FLOAT) AS v'],
    ['a float expression', 'SELECT 1e0 / 3 AS v'],
    ['BIT', "SELECT b'101' AS v"],
    ['a binary string', "SELECT CAST('x' AS BINARY) AS v"],
  ])('refuses %s with UnsupportedColumnError (stream)', async (_type, sql) => {
    expect(await rejection(client().stream(sql).next())).toBeInstanceOf(UnsupportedColumnError)
  })

  it.each([
    ['DOUBLE', 'SELECT CAST(1.5 AS DOUBLE) AS v'],
    ['a binary string', "SELECT CAST('x' AS BINARY) AS v"],
  ])('refuses %s with UnsupportedColumnError (query)', async (_type, sql) => {
    expect(await rejection(client().query(sql))).toBeInstanceOf(UnsupportedColumnError)
  })

  it('stays usable after refusing a column', async () => {
    const c = client()
    await rejection(c.query('SELECT CAST(1.5 AS DOUBLE) AS v'))
    expect(await c.query('SELECT 1 AS ok')).toEqual([{ ok: '1' }])
  })
})
