import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { AppEnv } from '../../src/lib/context.ts'
import { allowedOrigins, corsMiddleware } from '../../src/lib/cors.ts'
import { HttpError } from '../../src/lib/errors.ts'

const ALLOWED_HEADERS =
  'Origin, X-Requested-With, Content-Type, Accept, Access-Control-Request-Method, X-Api-Key, X-Integration-Key'
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
  })

  it('adds them to error responses too', async () => {
    const res = await app()('/refused', { headers: { Origin: 'http://localhost:3000' } })
    expect(res.status).toBe(401)
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('http://localhost:3000')
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
