import { exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { EXPIRED, FUTURE } from '../../../scripts/db/demo-credentials.ts'
import type { AuthHelper } from '../src/index.ts'

// `exports` is typed for the API Worker; in this project the main module is the helper.
const helper = exports as unknown as {
  default: { fetch(input: string, init?: RequestInit): Promise<Response> }
  AuthHelper: Pick<AuthHelper, 'verify'>
}

describe('the auth helper Worker', () => {
  it('answers GET /__health with its commit', async () => {
    const res = await helper.default.fetch('http://helper.test/__health')
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('{"status":"ok","commit":"test-sha"}')
  })

  it('answers 404 to anything else', async () => {
    expect((await helper.default.fetch('http://helper.test/verify')).status).toBe(404)
    expect((await helper.default.fetch('http://helper.test/__health', { method: 'POST' })).status).toBe(404)
  })

  it('verifies credentials over RPC with the legacy rules', async () => {
    const nowMs = Date.parse('2024-03-15T14:05:00Z')
    const ok = await helper.AuthHelper.verify({ ...FUTURE, nowMs })
    expect(ok).toMatchObject({
      valid: true,
      accountId: 1,
      rph: 50,
      expiresAtMs: Date.parse('2030-01-01T00:00:00Z'),
    })
    // Fresh for the five minutes its KV entry lives, on the real clock.
    expect((ok as { freshUntilMs: number }).freshUntilMs).toBeGreaterThan(Date.now())
    const expired = await helper.AuthHelper.verify({ ...EXPIRED, nowMs })
    expect(expired).toMatchObject({ valid: false, noMatch: false })
  })
})
