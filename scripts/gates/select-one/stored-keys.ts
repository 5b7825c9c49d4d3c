// Gate: every key stored in the console database's api table passes the API
// Worker's cheap rejection (src/pipeline/auth.ts couldBeKey: 1–64 printable
// ASCII characters, 0x21–0x7E), which refuses other header values without a
// lookup. A stored key outside that form could never authenticate through the
// Worker although PHP accepted it — this gate proves there is none before
// traffic moves (decisions/2026-11-27-auth-cache-and-outages.md). Every row
// counts, disabled ones too: re-enabling a credential is a data change no
// deploy would check. The answer names rows by id, never a key.
import type mysql from 'mysql2/promise'
import { failureOf, GATE_DB_TIMEOUT_MS, withConnection, type DbTarget } from './connection.ts'

/** Longest a stored key may be (the api columns are VARCHAR(64); src/pipeline/auth.ts MAX_KEY_LENGTH). */
export const MAX_STORED_KEY_LENGTH = 64
/** Rows named in a failing answer, at most. */
export const IDS_SHOWN = 20

// "Any character outside ! … ~" rather than an anchored match: `$` also
// matches before a final newline in both MariaDB's PCRE and MySQL 8's ICU.
const refused = (column: string) =>
  `(CHAR_LENGTH(${column}) NOT BETWEEN 1 AND ${MAX_STORED_KEY_LENGTH} OR ${column} REGEXP '[^!-~]')`
export const REFUSED_KEYS_SQL = `SELECT id FROM api WHERE ${refused('integration_key')} OR ${refused('api_key')} ORDER BY id`

export interface StoredKeysResult {
  ok: boolean
  /** Rows in the api table. */
  keys?: number
  /** Rows whose integration key or API key the Worker would refuse unread. */
  refused?: number
  /** The first of those rows' ids. */
  ids?: number[]
  /** Why the check could not run (the driver's error code). */
  reason?: string
}

async function check(connection: mysql.Connection): Promise<StoredKeysResult> {
  const [counted] = await connection.query({
    sql: 'SELECT COUNT(*) AS n FROM api',
    timeout: GATE_DB_TIMEOUT_MS,
  })
  const [rows] = await connection.query({ sql: REFUSED_KEYS_SQL, timeout: GATE_DB_TIMEOUT_MS })
  const ids = (rows as { id: number | string }[]).map((r) => Number(r.id))
  return {
    ok: ids.length === 0,
    keys: Number((counted as { n: number | string }[])[0]?.n ?? 0),
    refused: ids.length,
    ids: ids.slice(0, IDS_SHOWN),
  }
}

export async function checkStoredKeys(target: DbTarget): Promise<StoredKeysResult> {
  try {
    return await withConnection(target, check)
  } catch (error) {
    return { ok: false, reason: failureOf(error) }
  }
}
