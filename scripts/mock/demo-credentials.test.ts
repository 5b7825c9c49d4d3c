// The mock accepts exactly the credentials the local stack accepts: the active, unexpired
// api rows of active accounts in the demo seed, with their hourly limits.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { DEMO_CREDENTIALS } from './demo-credentials.ts'

const seed = readFileSync(new URL('../../db/seed/demo.sql', import.meta.url), 'utf8')
const rowsOf = (table: string) => {
  const block = new RegExp(`INSERT INTO ${table} \\(([^)]*)\\) VALUES\\n([\\s\\S]*?);\\n`).exec(seed)
  if (!block) throw new Error(`no ${table} rows in the demo seed`)
  const columns = block[1]!.split(',').map((c) => c.trim())
  return [...block[2]!.matchAll(/^\((.*)\),?$/gm)].map((line) => {
    const values = [...line[1]!.matchAll(/'([^']*)'|(NULL)|(\d+)/g)].map((m) => m[1] ?? (m[2] ? null : m[3]))
    return Object.fromEntries(columns.map((c, i) => [c, values[i] ?? null]))
  })
}

describe('the mock’s demo credentials', () => {
  it('are the usable credentials of the demo seed, with their rph', () => {
    const activeAccounts = new Set(
      rowsOf('accounts')
        .filter((a) => a.status === 'active')
        .map((a) => a.id),
    )
    const now = new Date().toISOString().replace('T', ' ')
    const usable = rowsOf('api')
      .filter((r) => r.status === 'active' && activeAccounts.has(r.account_id) && (r.expires_at ?? '9') > now)
      .map((r) => ({ integrationKey: r.integration_key, apiKey: r.api_key, rph: Number(r.rph) }))
    expect(usable.length).toBe(4)
    expect([...DEMO_CREDENTIALS]).toEqual(usable)
  })

  it('are the ones db/README.md documents', () => {
    const readme = readFileSync(new URL('../../db/README.md', import.meta.url), 'utf8')
    for (const c of DEMO_CREDENTIALS)
      expect(readme).toContain(`| \`${c.integrationKey}\` | \`${c.apiKey}\` |`)
  })
})
