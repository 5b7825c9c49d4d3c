// The gate that every stored key passes the API Worker's cheap rejection
// (couldBeKey, src/pipeline/auth.ts): its SQL against the real local MariaDB,
// on the demo data and on a scratch api table holding keys of every awkward
// form (tests/support/stored-key-samples.ts, where couldBeKey is held to the
// same answers) — the gate refuses exactly the rows the Worker would refuse
// unread.
import mysql from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminTarget, CONSOLE_DATABASE, READ_ONLY_PASSWORD, READ_ONLY_USER } from '../db/connection.ts'
import { handleGate, type GateEnv } from './select-one/index.ts'
import { KEY_SAMPLES } from '../../tests/support/stored-key-samples.ts'
import { checkStoredKeys, IDS_SHOWN } from './select-one/stored-keys.ts'

const admin = adminTarget()
const demo = { ...admin, user: READ_ONLY_USER, password: READ_ONLY_PASSWORD, database: CONSOLE_DATABASE }
const scratch = `gate_keys_${process.pid}_${Math.floor(Math.random() * 1e6)}`

const FINE = 'adv-int-fine-0001'
/** One row per sample: the sample as the integration key, then as the API key; the other half well-formed. */
const PAIRS: Array<[string, string]> = KEY_SAMPLES.flatMap(({ key }, i) => [
  [key, `ak_fine_${i}`],
  [`${FINE}-${i}`, key],
])
const REFUSED_ROWS = KEY_SAMPLES.flatMap(({ refused }, i) => (refused ? [2 * i + 1, 2 * i + 2] : []))

let connection: mysql.Connection
beforeAll(async () => {
  connection = await mysql.createConnection({ ...admin, multipleStatements: false })
  await connection.query(`CREATE DATABASE ${scratch}`)
  await connection.query(`CREATE TABLE ${scratch}.api LIKE ${CONSOLE_DATABASE}.api`)
  // Wider than the real VARCHAR(64) columns, so that the length rule is exercised too.
  await connection.query(
    `ALTER TABLE ${scratch}.api MODIFY integration_key VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL, ` +
      'MODIFY api_key VARCHAR(128) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL',
  )
  for (const [i, [integrationKey, apiKey]] of PAIRS.entries()) {
    await connection.query(
      `INSERT INTO ${scratch}.api (id, account_id, integration_key, api_key, created_at) VALUES (?, 1, ?, ?, NOW())`,
      [i + 1, integrationKey, apiKey],
    )
  }
})
afterAll(async () => {
  await connection.query(`DROP DATABASE IF EXISTS ${scratch}`)
  await connection.end()
})

describe('stored keys and the cheap rejection', () => {
  it('passes on the demo data, as the read-only user', async () => {
    expect(await checkStoredKeys(demo)).toEqual({ ok: true, keys: 7, refused: 0, ids: [] })
  })

  it('refuses exactly the rows holding a sample couldBeKey refuses, as integration or API key', async () => {
    expect(await checkStoredKeys({ ...admin, database: scratch })).toEqual({
      ok: false,
      keys: PAIRS.length,
      refused: REFUSED_ROWS.length,
      ids: REFUSED_ROWS.slice(0, IDS_SHOWN),
    })
  })

  it('reports a database it cannot reach, as a failure', async () => {
    expect(await checkStoredKeys({ ...demo, host: '127.0.0.1', port: 1 })).toEqual({
      ok: false,
      reason: 'ECONNREFUSED',
    })
  })
})

describe('the gate Worker’s /stored-keys', () => {
  const get = () =>
    new Request('https://adv-gate-select-one-dev.example.workers.dev/stored-keys', {
      headers: { 'X-Gate-Token': 'one-time' },
    })
  const env = (console: GateEnv['DB_CONSOLE']): GateEnv => ({
    DB_CONSOLE: console,
    DB_AGGREGATE: demo,
    AUTH: { fetch: () => Promise.reject(new Error('not asked')) },
    GATE_TOKEN: 'one-time',
  })

  it('answers 200 with the count when every key passes, through DB_CONSOLE', async () => {
    const res = await handleGate(get(), env(demo))
    expect([res.status, await res.json()]).toEqual([200, { ok: true, keys: 7, refused: 0, ids: [] }])
  })

  it('answers 502 naming the rows by id, never a key', async () => {
    const res = await handleGate(get(), env({ ...admin, database: scratch }))
    const text = await res.text()
    expect(res.status).toBe(502)
    expect(JSON.parse(text)).toMatchObject({ ok: false, refused: expect.any(Number) })
    for (const [integration, api] of PAIRS) {
      if (integration.length > 3) expect(text).not.toContain(JSON.stringify(integration).slice(1, -1))
      if (api.length > 3) expect(text).not.toContain(JSON.stringify(api).slice(1, -1))
    }
  })
})
