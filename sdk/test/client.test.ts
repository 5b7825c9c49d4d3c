// createClient against the recorded legacy answers: a fetch that replays the fixture whose
// request matches (path and query exactly as the client builds them).
import { describe, expect, it } from 'vitest'
import { createClient, type ClientOptions } from '../src/client.ts'
import { csvRows, parseCsv } from '../src/csv.ts'
import { ApiError } from '../src/errors.ts'
import { recorded, recordedSteps, responseOf } from './recorded.ts'

const keys = { integrationKey: 'adv-int-main-0001', apiKey: 'ak_main_5f2b9c81d7e04a6b93c1e8f0a4d27b6e' }

/** A fetch answering from the fixtures; it records what it was asked. */
function replaying() {
  const requests: Request[] = []
  const fetch = async (request: Request) => {
    requests.push(request)
    const url = new URL(request.url)
    const step = recordedSteps.find(
      (s) =>
        s.request.path === url.pathname && s.request.query === url.search.slice(1) && s.response.status < 400,
    )
    if (!step) throw new Error(`no recording for ${url.pathname}${url.search}`)
    return responseOf(step, {
      'X-Request-Id': 'req-1',
      'X-RateLimit-Limit': '200',
      'X-RateLimit-Remaining': '150',
    })
  }
  return { requests, fetch }
}

const clientWith = (fetch: ClientOptions['fetch'], options: Partial<ClientOptions> = {}) =>
  createClient({ ...keys, baseUrl: 'http://api.test', fetch, ...options })

/** The JSON rows as the CSV shows them: every value a string, null as empty. */
const asCsv = (rows: object[]) =>
  rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? '' : String(v)])))

describe('createClient', () => {
  it('sends both keys to https://api.adventive.com by default', async () => {
    const { requests, fetch } = replaying()
    await createClient({ ...keys, fetch }).credentialsCheck()
    expect(requests[0]!.url).toBe('https://api.adventive.com/credentialscheck')
    expect(requests[0]!.headers.get('X-Integration-Key')).toBe(keys.integrationKey)
    expect(requests[0]!.headers.get('X-Api-Key')).toBe(keys.apiKey)
  })

  it('returns typed JSON rows, and the same rows from the UTF-16LE CSV', async () => {
    const { fetch } = replaying()
    const api = clientWith(fetch)
    const json = await api.analytics({ from: '2024-03-01', to: '2024-03-02', version: '2.0' })
    expect(json.length).toBeGreaterThan(0)
    expect(typeof json[0]!.video_starts === 'string' || json[0]!.video_starts === 0).toBe(true)
    const csv = await api.analytics({ from: '2024-03-01', to: '2024-03-02', version: '2.0', format: 'csv' })
    expect(csv).toEqual(asCsv(json))
  })

  it('returns XML as the text the API sent', async () => {
    const { fetch } = replaying()
    const xml = await clientWith(fetch).connector({ format: 'xml' })
    expect(xml).toBe(Buffer.from(recorded('connector-xml').body).toString('utf8'))
  })

  it('builds the query the API reads: advertiser id as number or digits, removeZeros, data_connector', async () => {
    const { requests, fetch } = replaying()
    const api = clientWith(fetch)
    await api
      .analytics({
        advertiserId: 14,
        removeZeros: true,
        from: '2024-02-01',
        to: '2024-02-29',
        version: '2.0',
        format: 'csv',
      })
      .catch(() => {})
    await api.campaigns({ advertiserId: '14' }).catch(() => {})
    await api
      .dataconnector({ from: '2024-03-01', to: '2024-03-02', dataConnector: 2, format: 'csv' })
      .catch(() => {})
    expect(requests.map((r) => r.url.replace('http://api.test', ''))).toEqual([
      '/v2.0/analytics?from=2024-02-01&to=2024-02-29&advertiser_id=14&removeZeros=true&format=csv',
      '/campaigns?advertiser_id=14',
      '/v1.0/dataconnector?from=2024-03-01&to=2024-03-02&data_connector=2&format=csv',
    ])
  })

  it('streams /dataconnector: the CSV rows come out of the byte stream', async () => {
    const step = recorded('dataconnector-2-csv')
    const api = clientWith(async () => responseOf(step))
    const stream = await api.dataconnectorStream({ dataConnector: 2, format: 'csv' })
    const rows = []
    for await (const row of csvRows(stream)) rows.push(row)
    expect(rows).toEqual(parseCsv(step.body))
    expect(rows.length).toBeGreaterThan(10)
  })

  it('rejects an error answer with ApiError, from the methods and from the raw client alike', async () => {
    const expired = recorded('auth-expired-key-csv')
    const api = clientWith(async () => responseOf(expired, { 'X-Request-Id': 'req-401' }))
    const fromMethod = await api.campaigns({ format: 'csv' }).catch((e: unknown) => e)
    expect(fromMethod).toBeInstanceOf(ApiError)
    expect(fromMethod).toMatchObject({ status: 401, error: 'Invalid credentials', requestId: 'req-401' })
    const fromRaw = await api.raw
      .GET('/campaigns', { params: { query: { format: 'csv' } } })
      .catch((e: unknown) => e)
    expect(fromRaw).toMatchObject({ name: 'ApiError', status: 401, error: 'Invalid credentials' })
  })

  it('remembers the rate-limit state of the last answer', async () => {
    const { fetch } = replaying()
    const api = clientWith(fetch)
    expect(api.rateLimit).toBeNull()
    await api.credentialsCheck()
    expect(api.rateLimit).toEqual({ limit: 200, remaining: 150, reset: null, retryAfter: null })
  })

  it('refuses missing keys and an unknown version before sending anything', async () => {
    expect(() => createClient({ integrationKey: '', apiKey: 'x' })).toThrow(/integrationKey/)
    expect(() => createClient({ integrationKey: 'x' } as ClientOptions)).toThrow(/apiKey/)
    const { requests, fetch } = replaying()
    await expect(clientWith(fetch).analytics({ version: '3.0' as '2.0' })).rejects.toThrow(/version/)
    expect(requests).toHaveLength(0)
  })
})
