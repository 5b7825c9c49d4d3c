// The "Advertiser not found" check the pipeline runs before a handler that
// reads advertiser_id: any advertiser of the caller's account counts,
// whatever its status.
import type { SqlClient } from '@adventive/worker-kit/db'

export async function advertiserBelongsToAccount(
  console: SqlClient,
  accountId: number,
  advertiserId: bigint,
): Promise<boolean> {
  // An exact number literal: one beyond every integer range simply matches nothing.
  const rows = await console.query(
    'SELECT 1 AS found FROM advertisers WHERE id = ? AND account_id = ? LIMIT 1',
    [advertiserId, accountId],
  )
  return rows.length > 0
}
