// The DB_CONSOLE endpoints against the demo data: account scoping, the
// ownership check the pipeline runs before an endpoint that reads
// advertiser_id, and /campaigns' tree from a single ordered query.
import { afterAll, describe, expect, it } from 'vitest'
import { LegacyError } from '../../../src/domain/legacy-error.ts'
import { advertisers } from '../../../src/endpoints/advertisers.ts'
import { campaigns } from '../../../src/endpoints/campaigns.ts'
import { advertiserBelongsToAccount } from '../../../src/pipeline/ownership.ts'
import { materialize, type PhpAssoc } from '../../../src/render/php-value.ts'
import { openDatabases } from '../support/mysql-client.ts'
import { params } from './support/rows.ts'
import { recordingDatabases, type SqlCall } from './support/scripted-sql.ts'

const db = openDatabases()
afterAll(() => db.close())

const statusOf = async (id: number) =>
  (await db.console.query('SELECT status FROM advertisers WHERE id = ?', [id]))[0]?.status

describe('advertiserBelongsToAccount', () => {
  it('accepts an advertiser of the account whatever its status', async () => {
    const owned = await db.console.query(
      "SELECT id, status FROM advertisers WHERE account_id = 1 AND status <> 'active' ORDER BY id",
    )
    expect(owned.length).toBeGreaterThan(0)
    for (const row of owned)
      expect(await advertiserBelongsToAccount(db.console, 1, BigInt(row.id!))).toBe(true)
  })

  it("refuses another account's advertiser", async () => {
    const other = BigInt(
      (await db.console.query('SELECT id FROM advertisers WHERE account_id = 2 LIMIT 1'))[0]!.id!,
    )
    expect(await advertiserBelongsToAccount(db.console, 1, other)).toBe(false)
    expect(await advertiserBelongsToAccount(db.console, 2, other)).toBe(true)
  })

  it('refuses an id that does not exist or exceeds every integer range', async () => {
    expect(await advertiserBelongsToAccount(db.console, 1, 999999n)).toBe(false)
    expect(await advertiserBelongsToAccount(db.console, 1, 18446744073709551617n)).toBe(false)
  })
})

describe('GET /advertisers', () => {
  it('lists only active advertisers of the account, with campaign_count as a string', async () => {
    const list = (await materialize(
      await advertisers.handler({ accountId: 1, version: '1.0', params: params(), db }),
    )) as PhpAssoc[]
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
    const answer = advertisers.handler({ accountId: Number(suspended), version: '1.0', params: params(), db })
    await expect(answer).rejects.toBeInstanceOf(LegacyError)
    await expect(answer).rejects.toMatchObject({ status: 401, message: 'Invalid credentials' })
  })
})

describe('GET /campaigns', () => {
  async function run(accountId: number, advertiserId: bigint | null) {
    const calls: SqlCall[] = []
    const list = (await materialize(
      await campaigns.handler({
        accountId,
        version: '1.0',
        params: params({ advertiserId }),
        db: recordingDatabases(db, calls),
      }),
    )) as PhpAssoc[]
    return { list, calls }
  }

  it('issues one streamed query for a whole account as for one advertiser', async () => {
    const [many, few] = await Promise.all([run(1, null), run(1, 1n)])
    expect(many.list.length).toBeGreaterThan(few.list.length)
    expect(few.list.length).toBeGreaterThan(0)
    expect(many.calls.map((c) => c.streamed)).toEqual([true])
    expect(few.calls.map((c) => c.streamed)).toEqual([true])
    // Every branch of the union is scoped to the account (and the advertiser when given);
    // with an advertiser, the ownership check leads the same query.
    expect(many.calls[0]!.params).toEqual([1, 1, 1, 1, 1])
    expect(few.calls[0]!.params).toEqual([1n, 1, 1, 1n, 1, 1n, 1, 1n, 1, 1n, 1, 1n])
  })

  it('nests sites, placements, ad units and delivery groups under the campaign they belong to', async () => {
    const { list } = await run(1, null)
    const expected = await db.console.query(
      `SELECT c.id, (SELECT COUNT(*) FROM sites s WHERE s.campaign_id = c.id) AS sites,
         (SELECT COUNT(*) FROM delivery_groups g WHERE g.campaign_id = c.id) AS groups_,
         (SELECT COUNT(*) FROM ad_units u JOIN placements p ON p.id = u.placement_id JOIN sites s ON s.id = p.site_id
           WHERE s.campaign_id = c.id) AS units
       FROM campaigns c JOIN advertisers a ON a.id = c.advertiser_id
       WHERE a.account_id = 1 AND c.status <> 'archived' ORDER BY c.id`,
    )
    const units = (c: PhpAssoc) =>
      (c.sites as PhpAssoc[]).flatMap((s) =>
        (s.placements as PhpAssoc[]).flatMap((p) => p.ad_units as PhpAssoc[]),
      ).length
    expect(
      list.map((c) => [
        c.campaign_id,
        String((c.sites as unknown[]).length),
        String((c.delivery_groups as unknown[]).length),
        String(units(c)),
      ]),
    ).toEqual(expected.map((r) => [r.id, r.sites, r.groups_, r.units]))
  })

  it('answers an empty list for an advertiser of the account without campaigns', async () => {
    expect((await run(1, 19n)).list).toEqual([])
  })

  it("answers 404 Advertiser not found for another account's advertiser, or one that does not exist", async () => {
    for (const id of [21n, 999999n, 18446744073709551617n]) {
      const answer = run(1, id)
      await expect(answer).rejects.toBeInstanceOf(LegacyError)
      await expect(answer).rejects.toMatchObject({ status: 404, message: 'Advertiser not found' })
    }
  })
})
