import { env } from 'cloudflare:test'
import mysql from 'mysql2/promise'
import { describe, expect, it } from 'vitest'

function connect(hd: Hyperdrive) {
  return mysql.createConnection({
    host: hd.host,
    port: hd.port,
    user: hd.user,
    password: hd.password,
    database: hd.database,
    disableEval: true,
  })
}

describe('Hyperdrive to the local MariaDB', () => {
  it('reaches the console database as the read-only user', async () => {
    const conn = await connect(env.DB_CONSOLE)
    const [rows] = await conn.query('SELECT CURRENT_USER() AS who, COUNT(*) AS n FROM api')
    await conn.end()
    expect((rows as { who: string }[])[0]!.who).toMatch(/^api_ro@/)
    expect(Number((rows as { n: number }[])[0]!.n)).toBeGreaterThan(0)
  })

  it('cannot write through the read-only user', async () => {
    const conn = await connect(env.DB_AGGREGATE)
    await expect(conn.query("DELETE FROM daily_kpi WHERE stat_date = '1999-01-01'")).rejects.toThrow(
      /command denied/i,
    )
    await conn.end()
  })
})
