// Test support (Node and workerd): an endpoint's handler run for a recorded
// request as the pipeline runs it — the account that owns the recorded
// integration key, the parameters made by the real validator from the
// recorded $_GET at the fixture's instant — and its value as plain data.
import type { EndpointStep } from '../../../parity/lib/recorded-steps.ts'
import type { Databases } from '../../../src/endpoints/endpoint.ts'
import { materialize, type PhpValue } from '../../../src/render/php-value.ts'
import { validateRequest } from '../../../src/request/parameters.ts'

export async function accountOf(db: Databases, integrationKey: string): Promise<number> {
  const rows = await db.console.query('SELECT account_id FROM api WHERE integration_key = ?', [
    integrationKey,
  ])
  if (rows.length !== 1) throw new Error(`no credential row for ${integrationKey}`)
  return Number(rows[0]!.account_id)
}

/** The handler's PHP value for a recorded request (lazy parts unread). */
export async function runRecorded(db: Databases, step: EndpointStep): Promise<PhpValue> {
  const accountId = await accountOf(db, step.integrationKey)
  const { version, params } = validateRequest(step.endpoint.params, step.pathVersion, step.query, step.now)
  return step.endpoint.handler({ accountId, version, params, db })
}

export type Plain = null | boolean | string | number | Plain[] | { [key: string]: Plain }

/** A PHP value as JSON.parse would give its json_encode: lazy parts read, PHP ints as numbers. */
export async function toPlain(value: PhpValue): Promise<Plain> {
  const plain = (v: PhpValue): Plain => {
    if (typeof v === 'bigint') return Number(v)
    if (v === null || typeof v !== 'object') return v
    if (Array.isArray(v)) return v.map(plain)
    const out: { [key: string]: Plain } = {}
    for (const [key, item] of Object.entries(v)) out[key] = plain(item as PhpValue)
    return out
  }
  return plain(await materialize(value))
}
