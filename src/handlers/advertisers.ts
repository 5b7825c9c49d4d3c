// GET /advertisers: the account's active advertisers with their count of
// campaigns that are not archived (DB_CONSOLE, two queries like the legacy model).
import { HttpError, LegacyMessage } from '../lib/errors.ts'
import type { Handler } from './types.ts'

const ACTIVE_ACCOUNT_SQL = "SELECT id FROM accounts WHERE id = ? AND status = 'active'"

const ADVERTISERS_SQL = `
SELECT a.id AS advertiser_id, a.name AS advertiser_name, a.website, a.status, a.created_at AS created,
  (SELECT COUNT(*) FROM campaigns c WHERE c.advertiser_id = a.id AND c.status <> 'archived') AS campaign_count
FROM advertisers a
WHERE a.account_id = ? AND a.status = 'active'
ORDER BY a.name, a.id`

export const advertisers: Handler = async ({ db, accountId }) => {
  const account = await db.console.query(ACTIVE_ACCOUNT_SQL, [accountId])
  // The credentials passed a moment ago; an account closed in between answers like PHP did.
  if (account.length === 0) throw new HttpError(401, LegacyMessage.invalidCredentials)
  return db.console.query(ADVERTISERS_SQL, [accountId])
}
