// CORS as the legacy REST server did it, through the Worker: exact-match
// origins from CORS_ALLOWED_ORIGINS, on answers and errors alike; a preflight
// from an allowed origin needs no credentials and is not counted. One
// header-only deviation: answers to an allowed origin expose the rate-limit
// headers, Retry-After and X-Request-Id to the browser.
import { describe, expect, it } from 'vitest'
import { credentialHeaders, MAIN, RPH3 } from '../../scripts/db/demo-credentials.ts'
import { allowedOrigins, CORS_ALLOWED_HEADERS } from '../../src/response/cors.ts'
import { get } from './support/requests.ts'

const ALLOWED_HEADERS =
  'Origin, X-Requested-With, Content-Type, Accept, Access-Control-Request-Method, X-Api-Key, X-Integration-Key'
const EXPOSED_HEADERS =
  'X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After, X-Request-Id'
const AUTH = credentialHeaders(MAIN)

describe('CORS', () => {
  it('answers with the legacy allowed-headers list, byte for byte', () => {
    expect(CORS_ALLOWED_HEADERS).toBe(ALLOWED_HEADERS)
  })

  it('adds the legacy CORS headers for an allowed origin, and exposes the Worker’s own headers', async () => {
    const res = await get('/credentialscheck', { ...AUTH, Origin: 'https://lookerstudio.google.com' })
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('{"status":true}')
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('https://lookerstudio.google.com')
    expect(res.headers.get('Access-Control-Allow-Headers')).toBe(ALLOWED_HEADERS)
    expect(res.headers.get('Access-Control-Allow-Methods')).toBe('GET, OPTIONS')
    expect(res.headers.get('Vary')).toBe('Origin')
    expect(res.headers.get('Access-Control-Expose-Headers')).toBe(EXPOSED_HEADERS)
  })

  it('exposes every non-safelisted header the Worker sends', async () => {
    const res = await get('/credentialscheck', { ...AUTH, Origin: 'http://localhost:3000' })
    const exposed = res.headers.get('Access-Control-Expose-Headers')!.toLowerCase().split(', ')
    const sent = [...res.headers.keys()].filter((name) => /^(x-|retry-after$)/i.test(name))
    expect(sent).toEqual(
      expect.arrayContaining([
        'x-ratelimit-limit',
        'x-ratelimit-remaining',
        'x-ratelimit-reset',
        'x-request-id',
      ]),
    )
    for (const name of sent) expect(exposed).toContain(name.toLowerCase())
  })

  it('adds them to error responses too, Retry-After of a 429 exposed', async () => {
    for (const path of ['/credentialscheck', '/nope']) {
      const res = await get(path, { Origin: 'http://localhost:3000' })
      expect(res.status).toBe(path === '/nope' ? 404 : 401)
      expect(res.headers.get('Access-Control-Allow-Origin')).toBe('http://localhost:3000')
      expect(res.headers.get('Access-Control-Expose-Headers')).toBe(EXPOSED_HEADERS)
    }
    const limited = {
      ...credentialHeaders(RPH3),
      Origin: 'http://localhost:3000',
      'X-Test-Rate-Namespace': crypto.randomUUID(),
    }
    const statuses: number[] = []
    let last: Response | undefined
    for (let i = 0; i < 4; i++) {
      last = await get('/credentialscheck', limited)
      statuses.push(last.status)
    }
    expect(statuses).toEqual([200, 200, 200, 429])
    expect(last!.headers.get('Retry-After')).toMatch(/^\d+$/)
    expect(last!.headers.get('Access-Control-Expose-Headers')).toContain('Retry-After')
  })

  it('adds them to a streamed body', async () => {
    const res = await get('/analytics?from=2024-01-01&to=2024-03-31', {
      ...AUTH,
      Origin: 'http://localhost:3000',
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('http://localhost:3000')
    await res.arrayBuffer()
  })

  it('adds nothing for another origin, a near miss of an allowed one, or no Origin at all', async () => {
    for (const origin of [
      'https://evil.example',
      'https://lookerstudio.google.com.evil.example',
      'http://localhost:3000/',
      null,
    ]) {
      const res = await get('/credentialscheck', origin === null ? AUTH : { ...AUTH, Origin: origin })
      expect(res.status).toBe(200)
      expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull()
      expect(res.headers.get('Access-Control-Allow-Headers')).toBeNull()
      expect(res.headers.get('Access-Control-Expose-Headers')).toBeNull()
    }
  })

  it('answers a preflight from an allowed origin with the legacy 204, without credentials and uncounted', async () => {
    const namespace = crypto.randomUUID()
    const res = await get(
      '/analytics',
      {
        Origin: 'http://localhost:3000',
        'Access-Control-Request-Method': 'GET',
        'X-Test-Rate-Namespace': namespace,
      },
      { method: 'OPTIONS' },
    )
    expect(res.status).toBe(204)
    expect(await res.text()).toBe('')
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('http://localhost:3000')
    expect(res.headers.get('Access-Control-Allow-Headers')).toBe(ALLOWED_HEADERS)
    expect(res.headers.get('Access-Control-Allow-Methods')).toBe('GET, OPTIONS')
    // The preflight is the legacy one, header for header.
    expect(res.headers.get('Access-Control-Expose-Headers')).toBeNull()
    const next = await get('/credentialscheck', { ...AUTH, 'X-Test-Rate-Namespace': namespace })
    expect(next.headers.get('X-RateLimit-Remaining')).toBe('199')
  })

  it('lets a preflight from another origin, or without Origin, fall through to 404 Unknown method', async () => {
    const other = await get('/credentialscheck', { Origin: 'https://evil.example' }, { method: 'OPTIONS' })
    expect([other.status, await other.text()]).toEqual([404, '{"status":false,"error":"Unknown method"}'])
    const none = await get('/credentialscheck', {}, { method: 'OPTIONS' })
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
