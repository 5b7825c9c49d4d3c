// The "Advertiser not found" check the pipeline runs before a handler that
// reads advertiser_id: any advertiser of the caller's account counts,
// whatever its status.
import type { Databases } from '../lib/db-types.ts'

export async function advertiserBelongsToAccount(
  db: Databases,
  accountId: number,
  advertiserId: string,
): Promise<boolean> {
  // The id stays a string: one beyond every integer range simply matches nothing.
  const rows = await db.console.query(
    'SELECT 1 AS found FROM advertisers WHERE id = ? AND account_id = ? LIMIT 1',
    [advertiserId, accountId],
  )
  return rows.length > 0
}
