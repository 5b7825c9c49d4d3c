import { Hono } from 'hono'
import { exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import type { AppEnv } from '../../src/lib/context.ts'
import { allowedOrigins, corsMiddleware } from '../../src/lib/cors.ts'
import { HttpError } from '../../src/lib/errors.ts'

const ALLOWED_HEADERS =
  'Origin, X-Requested-With, Content-Type, Accept, Access-Control-Request-Method, X-Api-Key, X-Integration-Key'
const EXPOSED_HEADERS =
  'X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After, X-Request-Id'
const bindings = {
  CORS_ALLOWED_ORIGINS: 'http://localhost:3000, https://lookerstudio.google.com',
} as AppEnv['Bindings']

/** A minimal app in the shape of the real one: CORS, GET only, one route, 404 otherwise. */
function app() {
  const a = new Hono<AppEnv>()
  a.use('*', corsMiddleware())
  a.use('*', async (c, next) => {
    if (c.req.method !== 'GET') throw new HttpError(404, 'Unknown method')
    await next()
  })
  a.get('/credentialscheck', (c) => c.json({ status: true }))
  a.get('/refused', () => {
    throw new HttpError(401, 'Missing API credentials')
  })
  a.onError((err, c) => c.json({ status: false, error: err.message }, (err as HttpError).status as 401 | 404))
  return (path: string, init: RequestInit = {}) => a.request(`http://api.test${path}`, init, bindings)
}

describe('CORS', () => {
  it('adds the legacy CORS headers for an allowed origin', async () => {
    const res = await app()('/credentialscheck', { headers: { Origin: 'https://lookerstudio.google.com' } })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('{"status":true}')
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('https://lookerstudio.google.com')
    expect(res.headers.get('Access-Control-Allow-Headers')).toBe(ALLOWED_HEADERS)
    expect(res.headers.get('Access-Control-Allow-Methods')).toBe('GET, OPTIONS')
    expect(res.headers.get('Vary')).toBe('Origin')
    expect(res.headers.get('Access-Control-Expose-Headers')).toBe(EXPOSED_HEADERS)
  })

  it('adds them to error responses too', async () => {
    const res = await app()('/refused', { headers: { Origin: 'http://localhost:3000' } })
    expect(res.status).toBe(401)
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('http://localhost:3000')
    expect(res.headers.get('Access-Control-Expose-Headers')).toBe(EXPOSED_HEADERS)
  })

  it('adds nothing for another origin, or a near miss of an allowed one', async () => {
    for (const origin of [
      'https://evil.example',
      'https://lookerstudio.google.com.evil.example',
      'http://localhost:3000/',
    ]) {
      const res = await app()('/credentialscheck', { headers: { Origin: origin } })
      expect(res.status).toBe(200)
      expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull()
      expect(res.headers.get('Access-Control-Allow-Headers')).toBeNull()
      expect(res.headers.get('Access-Control-Expose-Headers')).toBeNull()
    }
  })

  it('answers a preflight from an allowed origin with 204 and no body, without credentials', async () => {
    const res = await app()('/analytics', {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:3000', 'Access-Control-Request-Method': 'GET' },
    })
    expect(res.status).toBe(204)
    expect(await res.text()).toBe('')
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('http://localhost:3000')
    expect(res.headers.get('Access-Control-Allow-Headers')).toBe(ALLOWED_HEADERS)
    expect(res.headers.get('Access-Control-Allow-Methods')).toBe('GET, OPTIONS')
    // The preflight is the legacy one, header for header.
    expect(res.headers.get('Access-Control-Expose-Headers')).toBeNull()
  })

  it('lets a preflight from another origin, or without Origin, fall through to 404 Unknown method', async () => {
    const other = await app()('/credentialscheck', {
      method: 'OPTIONS',
      headers: { Origin: 'https://evil.example' },
    })
    expect([other.status, await other.text()]).toEqual([404, '{"status":false,"error":"Unknown method"}'])
    const none = await app()('/credentialscheck', { method: 'OPTIONS' })
    expect(none.status).toBe(404)
    expect(none.headers.get('Access-Control-Allow-Origin')).toBeNull()
  })
})

describe('CORS on the real Worker', () => {
  const MAIN = {
    'X-Integration-Key': 'adv-int-main-0001',
    'X-Api-Key': 'ak_main_5f2b9c81d7e04a6b93c1e8f0a4d27b6e',
    'X-Test-Now': '2024-03-15T14:05:00Z',
  }
  let namespace = 0
  const get = (path: string, headers: Record<string, string>) =>
    exports.default.fetch(`http://api.test${path}`, {
      headers: { 'X-Test-Rate-Namespace': `cors-${++namespace}`, ...headers },
    })

  it('exposes to an allowed origin every non-safelisted header the Worker sends, body unchanged', async () => {
    const origin = { Origin: 'http://localhost:3000' }
    const res = await get('/credentialscheck', { ...MAIN, ...origin })
    expect([res.status, await res.text()]).toEqual([200, '{"status":true}'])
    const exposed = res.headers.get('Access-Control-Expose-Headers')!.split(', ')
    const sent = [...res.headers.keys()].filter((name) => /^(x-|retry-after$)/i.test(name))
    expect(sent.map((name) => name.toLowerCase())).toEqual(
      expect.arrayContaining([
        'x-ratelimit-limit',
        'x-ratelimit-remaining',
        'x-ratelimit-reset',
        'x-request-id',
      ]),
    )
    for (const name of sent) expect(exposed.map((e) => e.toLowerCase())).toContain(name)
    // Without an Origin the answer is exactly the legacy one: no CORS header at all.
    const plain = await get('/credentialscheck', MAIN)
    expect(plain.headers.get('Access-Control-Expose-Headers')).toBeNull()
  })

  it('exposes Retry-After on the 429 too', async () => {
    const headers = { ...MAIN, Origin: 'http://localhost:3000', 'X-Test-Rate-Namespace': 'cors-429' }
    let res: Response | undefined
    for (let i = 0; i <= 200; i++) {
      res = await exports.default.fetch('http://api.test/credentialscheck', { headers })
      if (res.status === 429) break
      await res.arrayBuffer()
    }
    expect(res!.status).toBe(429)
    expect(res!.headers.get('Retry-After')).toMatch(/^\d+$/)
    expect(res!.headers.get('Access-Control-Expose-Headers')).toContain('Retry-After')
  })
})

describe('allowedOrigins', () => {
  it('splits the comma-separated setting and ignores blanks', () => {
    expect(allowedOrigins(' https://a.example ,,https://b.example ')).toEqual([
      'https://a.example',
      'https://b.example',
    ])
    expect(allowedOrigins('')).toEqual([])
    expect(allowedOrigins(undefined)).toEqual([])
  })
})
