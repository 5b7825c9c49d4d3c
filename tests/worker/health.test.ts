import { exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'

describe('GET /__health', () => {
  it('answers 200 with the commit it was deployed from', async () => {
    const res = await exports.default.fetch('http://api.test/__health')
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('{"status":"ok","commit":"test-sha"}')
  })
})
