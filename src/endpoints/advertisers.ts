// GET /advertisers: the account's active advertisers with their count of
// campaigns that are not archived (DB_CONSOLE). The legacy model asked twice
// (is the account active? then its advertisers); one query answers both: an
// inactive account yields no row at all, an active one without advertisers
// one row of NULLs.
import { LegacyError, LegacyMessage } from '../domain/legacy-error.ts'
import { lazyTable } from '../render/php-value.ts'
import { defineEndpoint } from './endpoint.ts'

const ADVERTISERS_SQL = `
SELECT a.id AS advertiser_id, a.name AS advertiser_name, a.website, a.status, a.created_at AS created,
  (SELECT COUNT(*) FROM campaigns c WHERE c.advertiser_id = a.id AND c.status <> 'archived') AS campaign_count
FROM accounts acc
LEFT JOIN advertisers a ON a.account_id = acc.id AND a.status = 'active'
WHERE acc.id = ? AND acc.status = 'active'
ORDER BY a.name, a.id`

const COLUMNS = ['advertiser_id', 'advertiser_name', 'website', 'status', 'created', 'campaign_count']

export const advertisers = defineEndpoint({
  name: 'advertisers',
  params: ['version'],
  ownership: 'none',
  handler: async ({ db, accountId }) => {
    const rows = db.console.stream(ADVERTISERS_SQL, [accountId])
    const first = await rows.next()
    // The credentials passed a moment ago; an account closed in between answers like PHP did.
    if (first === null) throw new LegacyError(401, LegacyMessage.invalidCredentials)
    // An active account without advertisers: the one row of the outer join, all NULL.
    const found = first[0]![0] === null ? [] : first
    let pending: typeof found | null = found
    return lazyTable(
      COLUMNS,
      async () => {
        if (pending !== null) {
          const batch = pending
          pending = null
          if (batch.length > 0) return batch
        }
        return rows.next()
      },
      () => rows.cancel(),
    )
  },
})
