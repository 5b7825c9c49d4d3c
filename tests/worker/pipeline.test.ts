// The whole request path inside workerd: routing, auth through the real
// auth-helper service binding, rate limiting, validation, ownership, the
// handlers against the real MariaDB, and rendering.
import { describe, expect, it } from 'vitest'
import { credentialHeaders, EXPIRED, MAIN as MAIN_KEY } from '../../scripts/db/demo-credentials.ts'
import { get as request, JSON_TYPE, XML_TYPE } from './support/requests.ts'

const MAIN = credentialHeaders(MAIN_KEY)
const get = (path: string, headers: Record<string, string> = MAIN, init: RequestInit = {}) =>
  request(path, headers, init)

async function expectBody(res: Response, status: number, contentType: string, body: string) {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toBe(contentType)
  expect(await res.text()).toBe(body)
}

describe('unknown paths and methods', () => {
  it('answers 404 Unknown method before authentication', async () => {
    await expectBody(await get('/reports', {}), 404, JSON_TYPE, '{"status":false,"error":"Unknown method"}')
  })

  it('renders the 404 in the requested format', async () => {
    await expectBody(
      await get('/v3.0/analytics?format=xml'),
      404,
      XML_TYPE,
      '<?xml version="1.0" encoding="utf-8"?>\n<xml><status>0</status><error>Unknown method</error></xml>\n',
    )
  })

  it.each(['POST', 'HEAD', 'PUT', 'DELETE'])('treats %s as an unknown method', async (method) => {
    const res = await get('/credentialscheck', MAIN, { method })
    expect(res.status).toBe(404)
  })

  it('matches paths case-sensitively and never percent-decodes them', async () => {
    expect((await get('/Analytics')).status).toBe(404)
    expect((await get('/credentialscheck%2F')).status).toBe(404)
    expect((await get('/analytic%73')).status).toBe(404)
  })

  it('ignores empty path segments', async () => {
    await expectBody(await get('//v2.0//credentialscheck/'), 200, JSON_TYPE, '{"status":true}')
  })
})

describe('authentication through the auth helper', () => {
  it('accepts the demo credentials', async () => {
    await expectBody(await get('/credentialscheck'), 200, JSON_TYPE, '{"status":true}')
  })

  it('refuses missing credentials before validating parameters', async () => {
    await expectBody(
      await get('/analytics?from=nope&advertiser_id=abc', {}),
      401,
      JSON_TYPE,
      '{"status":false,"error":"Missing API credentials"}',
    )
  })

  it('refuses an expired key at the pinned clock', async () => {
    const res = await get('/credentialscheck', credentialHeaders(EXPIRED))
    await expectBody(res, 401, JSON_TYPE, '{"status":false,"error":"Invalid credentials"}')
  })

  it('accepts that key at a pinned clock before its expiry', async () => {
    const res = await get('/credentialscheck', {
      ...credentialHeaders(EXPIRED),
      'X-Test-Now': '2024-02-29T23:59:59Z',
    })
    expect(res.status).toBe(200)
  })
})

describe('retired formats', () => {
  it('answers php and serialized with 410 and a documentation link', async () => {
    for (const format of ['php', 'serialized', 'PHP']) {
      const res = await get(`/v2.0/analytics?format=${format}`)
      expect(res.status).toBe(410)
      expect(res.headers.get('content-type')).toBe(JSON_TYPE)
      const body = (await res.json()) as Record<string, unknown>
      expect(body).toEqual({
        status: false,
        error: 'Format no longer supported',
        documentation: expect.stringMatching(/\/docs$/),
      })
    }
  })
})

describe('parameters and ownership', () => {
  it('validates in the legacy order', async () => {
    await expectBody(
      await get('/analytics?version=2&from=bad'),
      400,
      JSON_TYPE,
      '{"status":false,"error":"Invalid version"}',
    )
    await expectBody(
      await get('/analytics?to=2024-02-30&advertiser_id=21'),
      400,
      JSON_TYPE,
      '{"status":false,"error":"Invalid to date"}',
    )
  })

  it("answers 404 for another account's advertiser", async () => {
    await expectBody(
      await get('/campaigns?advertiser_id=21'),
      404,
      JSON_TYPE,
      '{"status":false,"error":"Advertiser not found"}',
    )
  })

  it('treats array-valued parameters as invalid', async () => {
    await expectBody(
      await get('/analytics?from[]=2024-03-01'),
      400,
      JSON_TYPE,
      '{"status":false,"error":"Invalid from date"}',
    )
  })

  it('serves data when everything checks out', async () => {
    const res = await get('/analytics?advertiser_id=14&from=2024-03-01&to=2024-03-03&format=csv')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/csv; charset=utf-8')
    const text = new TextDecoder('utf-16le').decode(await res.arrayBuffer())
    expect(text.split('\n')[0]).toBe(
      'date,advertiser_id,advertiser_name,campaign_id,campaign_name,impressions,clicks,engagements,ctr,engagement_rate,avg_interaction_time',
    )
  })
})

describe('rate-limit headers', () => {
  it('come with every counted response', async () => {
    const res = await get('/credentialscheck')
    expect(res.headers.get('x-ratelimit-limit')).toBe('200')
    expect(res.headers.get('x-ratelimit-remaining')).toBe('199')
  })
})
