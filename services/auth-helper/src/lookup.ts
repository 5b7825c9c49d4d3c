// The api-table lookup (legacy step 2) against DB_CONSOLE. Status rules are
// in SQL; the key comparison is repeated in JS byte for byte and in constant
// time, because SQL equality is not exact enough (utf8mb4_bin still pads
// trailing spaces) and leaks timing.
import type { SqlClient } from '@adventive/worker-kit/db'
import { timingSafeEqualText } from './constant-time.ts'
import { NO_MATCH, utcDatetimeMs, type CredentialFacts } from './credential-facts.ts'

const LOOKUP_SQL =
  'SELECT api.account_id, api.integration_key, api.api_key, api.rph, api.expires_at ' +
  'FROM api JOIN accounts ON accounts.id = api.account_id ' +
  "WHERE api.integration_key = ? AND api.status = 'active' AND accounts.status = 'active'"

export async function lookupCredential(
  db: SqlClient,
  integrationKey: string,
  apiKey: string,
): Promise<CredentialFacts> {
  const rows = await db.query(LOOKUP_SQL, [integrationKey])
  for (const row of rows) {
    if (!timingSafeEqualText(integrationKey, row.integration_key ?? '')) continue
    if (!timingSafeEqualText(apiKey, row.api_key ?? '')) continue
    const expiresAtMs =
      row.expires_at === null || row.expires_at === undefined ? null : utcDatetimeMs(row.expires_at)
    // A zero or unreadable expires_at never compares after "now" in MySQL either.
    if (Number.isNaN(expiresAtMs)) return NO_MATCH
    return { v: 1, match: true, accountId: Number(row.account_id), rph: Number(row.rph), expiresAtMs }
  }
  return NO_MATCH
}
