// GET /campaigns: the nested tree is assembled from one query per level, so
// the number of queries does not grow with the number of campaigns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { campaigns, childrenByParent } from '../../../src/handlers/campaigns.ts'
import type { PhpAssoc } from '../../../src/lib/format/php-value.ts'
import { openDatabases, type ClosableDatabases } from '../support/mysql-client.ts'
import { params } from './support/rows.ts'
import { countingDatabases, type SqlCall } from './support/scripted-sql.ts'

let db: ClosableDatabases
beforeAll(async () => {
  db = await openDatabases()
})
afterAll(() => db.close())

async function countQueries(accountId: number, advertiserId: string | null) {
  const calls: SqlCall[] = []
  const list = (await campaigns({
    accountId,
    version: '1.0',
    params: params({ advertiserId }),
    db: countingDatabases(db, calls),
  })) as PhpAssoc[]
  return { campaigns: list.length, queries: calls.length, calls }
}

describe('GET /campaigns', () => {
  it('issues the same five queries for one campaign as for a whole account', async () => {
    const [many, few] = await Promise.all([countQueries(1, null), countQueries(2, null)])
    expect(many.campaigns).toBeGreaterThan(few.campaigns)
    expect(few.campaigns).toBeGreaterThan(0)
    expect(many.queries).toBe(5)
    expect(few.queries).toBe(5)
    expect(many.calls.every((c) => c.params[0] === 1)).toBe(true)
  })

  it('stops after the campaign query when there are no campaigns', async () => {
    const none = await countQueries(1, '19')
    expect(none).toMatchObject({ campaigns: 0, queries: 1 })
  })

  it("never shows another account's campaigns, even by advertiser id", async () => {
    const crossed = await countQueries(1, '21')
    expect(crossed.campaigns).toBe(0)
  })
})

describe('childrenByParent', () => {
  it('groups rows under their parent in row order and drops the parent column', () => {
    const grouped = childrenByParent([
      { parent_id: '2', id: '1' },
      { parent_id: '1', id: '2' },
      { parent_id: '2', id: '3' },
    ])
    expect([...grouped.entries()]).toEqual([
      ['2', [{ id: '1' }, { id: '3' }]],
      ['1', [{ id: '2' }]],
    ])
  })

  it('completes each child with what build adds', () => {
    const grouped = childrenByParent([{ parent_id: '1', id: '5' }], (child) => ({ ...child, items: [] }))
    expect(grouped.get('1')).toEqual([{ id: '5', items: [] }])
  })
})
