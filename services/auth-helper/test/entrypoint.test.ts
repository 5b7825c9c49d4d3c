import { exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
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
    const ok = await helper.AuthHelper.verify({
      integrationKey: 'adv-int-future-0007',
      apiKey: 'ak_future_2030e1f2a3b4c5d6e7f8091a2b3c',
      nowMs,
    })
    expect(ok).toMatchObject({ valid: true, accountId: 1, rph: 50 })
    const expired = await helper.AuthHelper.verify({
      integrationKey: 'adv-int-expired-0005',
      apiKey: 'ak_expired_5555dddd6666eeee7777ffff8888',
      nowMs,
    })
    expect(expired).toMatchObject({ valid: false })
  })
})
