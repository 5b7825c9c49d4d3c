// The DB_CONSOLE handlers' account scoping, and the ownership check the
// pipeline runs before a handler that reads advertiser_id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { advertisers } from '../../../src/handlers/advertisers.ts'
import { advertiserBelongsToAccount } from '../../../src/handlers/ownership.ts'
import type { PhpAssoc } from '../../../src/lib/format/php-value.ts'
import { HttpError } from '../../../src/lib/errors.ts'
import { openDatabases, type ClosableDatabases } from '../support/mysql-client.ts'
import { params } from './support/rows.ts'

let db: ClosableDatabases
beforeAll(async () => {
  db = await openDatabases()
})
afterAll(() => db.close())

const statusOf = async (id: number) =>
  (await db.console.query('SELECT status FROM advertisers WHERE id = ?', [id]))[0]?.status

describe('advertiserBelongsToAccount', () => {
  it('accepts an advertiser of the account whatever its status', async () => {
    const owned = await db.console.query(
      "SELECT id, status FROM advertisers WHERE account_id = 1 AND status <> 'active' ORDER BY id",
    )
    expect(owned.length).toBeGreaterThan(0)
    for (const row of owned) expect(await advertiserBelongsToAccount(db, 1, row.id!)).toBe(true)
  })

  it("refuses another account's advertiser", async () => {
    const other = (await db.console.query('SELECT id FROM advertisers WHERE account_id = 2 LIMIT 1'))[0]!.id!
    expect(await advertiserBelongsToAccount(db, 1, other)).toBe(false)
    expect(await advertiserBelongsToAccount(db, 2, other)).toBe(true)
  })

  it('refuses an id that does not exist or exceeds every integer range', async () => {
    expect(await advertiserBelongsToAccount(db, 1, '999999')).toBe(false)
    expect(await advertiserBelongsToAccount(db, 1, '18446744073709551617')).toBe(false)
  })
})

describe('GET /advertisers', () => {
  it('lists only active advertisers of the account, with campaign_count as a string', async () => {
    const list = (await advertisers({ accountId: 1, version: '1.0', params: params(), db })) as PhpAssoc[]
    expect(list.length).toBeGreaterThan(0)
    for (const item of list) expect(await statusOf(Number(item.advertiser_id))).toBe('active')
    expect(Object.keys(list[0]!)).toEqual([
      'advertiser_id',
      'advertiser_name',
      'website',
      'status',
      'created',
      'campaign_count',
    ])
    expect(typeof list[0]!.campaign_count).toBe('string')
  })

  it('answers 401 Invalid credentials for an account that is no longer active', async () => {
    const suspended = (await db.console.query("SELECT id FROM accounts WHERE status <> 'active' LIMIT 1"))[0]!
      .id!
    const answer = advertisers({ accountId: Number(suspended), version: '1.0', params: params(), db })
    await expect(answer).rejects.toBeInstanceOf(HttpError)
    await expect(answer).rejects.toMatchObject({ status: 401, message: 'Invalid credentials' })
  })
})
