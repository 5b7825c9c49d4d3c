// The partner SDK runs inside workerd (a Worker is one of its runtimes): it calls the API
// Worker itself, through the real pipeline and the MariaDB demo data.
import { exports } from 'cloudflare:workers'
import { describe, expect, it } from 'vitest'
import { ApiError, createClient, csvRows } from '../../sdk/src/index.ts'
import { MAIN } from '../../scripts/db/demo-credentials.ts'

let namespace = 0
/** The Worker as the SDK's fetch, at the fixtures' instant and with fresh counters. */
const workerFetch = async (request: Request) => {
  const pinned = new Request(request)
  pinned.headers.set('X-Test-Now', '2024-03-15T14:05:00Z')
  pinned.headers.set('X-Test-Rate-Namespace', `sdk-in-workerd-${++namespace}`)
  return exports.default.fetch(pinned)
}

const api = createClient({
  ...MAIN,
  baseUrl: 'http://api.test',
  fetch: workerFetch,
})

describe('the SDK inside workerd', () => {
  it('reads the same analytics rows as JSON and as UTF-16LE CSV', async () => {
    const range = { from: '2024-03-01', to: '2024-03-02', version: '2.0' } as const
    const rows = await api.analytics(range)
    const csv = await api.analytics({ ...range, format: 'csv' })
    expect(rows.length).toBeGreaterThan(0)
    expect(csv).toEqual(
      rows.map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? '' : String(v)])),
      ),
    )
  })

  it('streams /dataconnector rows out of the response body', async () => {
    const body = await api.dataconnectorStream({
      from: '2024-03-01',
      to: '2024-03-31',
      dataConnector: 2,
      format: 'csv',
    })
    let count = 0
    for await (const row of csvRows(body)) {
      expect(row.day).toMatch(/^202403\d\d$/)
      count++
    }
    const json = await api.dataconnector({ from: '2024-03-01', to: '2024-03-31', dataConnector: 2 })
    expect(count).toBe(json.length)
  })

  it('throws ApiError with the message read from a CSV error body', async () => {
    const wrong = createClient({
      integrationKey: 'adv-int-main-0001',
      apiKey: 'nope',
      baseUrl: 'http://api.test',
      fetch: workerFetch,
    })
    const error = await wrong.campaigns({ format: 'csv' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 401, error: 'Invalid credentials' })
    expect((error as ApiError).requestId).toBeTruthy()
  })
})
