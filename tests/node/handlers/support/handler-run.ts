// Runs a handler for a recorded case against the demo data, as the pipeline
// would: the account is the one owning the case's integration key.
import { HANDLERS } from '../../../../src/handlers/index.ts'
import type { Databases } from '../../../../src/lib/db-types.ts'
import type { PhpValue } from '../../../../src/lib/format/php-value.ts'
import type { RecordedCase } from './recorded-cases.ts'

export async function accountOf(db: Databases, integrationKey: string): Promise<number> {
  const rows = await db.console.query('SELECT account_id FROM api WHERE integration_key = ?', [
    integrationKey,
  ])
  if (rows.length !== 1) throw new Error(`no credential row for ${integrationKey}`)
  return Number(rows[0]!.account_id)
}

export async function runRecorded(db: Databases, recorded: RecordedCase): Promise<PhpValue> {
  const accountId = await accountOf(db, recorded.integrationKey)
  return HANDLERS[recorded.endpoint]({ accountId, version: recorded.version, params: recorded.params, db })
}
