// One structured log line per request, with every field the pipeline emits
// (the logger contract, the alerts and the dashboard read them), written when
// the body is complete, and never a credential.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { credentialHeaders, MAIN } from '../../scripts/db/demo-credentials.ts'
import { get, ownWorker } from './support/requests.ts'
import { largeDatabases } from './support/large-data.ts'

afterEach(() => {
  vi.restoreAllMocks()
})

type Line = Record<string, unknown>

const parsed = (lines: string[]) =>
  lines.flatMap((line) => {
    try {
      return [JSON.parse(line) as Line]
    } catch {
      return []
    }
  })

/** Captures the JSON lines written while `during` runs (`seen` gives those written so far). */
async function linesDuring(during: (seen: () => Line[]) => Promise<void>): Promise<Line[]> {
  const lines: string[] = []
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
    lines.push(String(line))
  })
  try {
    await during(() => parsed(lines))
  } finally {
    vi.restoreAllMocks()
  }
  return parsed(lines)
}

async function logLinesOf(path: string, headers: Record<string, string>): Promise<Line[]> {
  return linesDuring(async () => {
    await (await get(path, headers)).arrayBuffer()
  })
}

const requestLine = (lines: Line[]) => {
  const found = lines.filter((l) => l.event === 'request')
  expect(found).toHaveLength(1)
  return found[0]!
}

const FIELDS = [
  'level',
  'event',
  'request_id',
  'commit_sha',
  'endpoint',
  'version',
  'format',
  'status',
  'outcome',
  'body',
  'served_by',
  'account_id',
  'latency_ms',
  'total_ms',
  'query_ms',
  'connect_ms',
  'db_connects',
  'auth_ms',
  'auth_cached',
  'auth_source',
  'ratelimit_ms',
  'ratelimit_source',
  'ratelimit_count',
  'cached',
].sort()

describe('the request log line', () => {
  it('carries every field of the pipeline for a served request', async () => {
    const request = requestLine(
      await logLinesOf(
        '/v2.0/analytics?advertiser_id=14&from=2024-03-01&to=2024-03-02&format=xml',
        credentialHeaders(MAIN),
      ),
    )
    expect(Object.keys(request).sort()).toEqual(FIELDS)
    expect(request).toMatchObject({
      level: 'info',
      endpoint: 'analytics',
      version: '2.0',
      format: 'xml',
      status: 200,
      outcome: 'ok',
      body: 'complete',
      served_by: 'worker',
      account_id: 1,
      commit_sha: 'test-sha',
      ratelimit_source: 'do',
      ratelimit_count: 1,
      cached: false,
    })
    // Ownership on the console database, then the kpi rows joined with their video sums on one connection.
    expect(request.db_connects).toBe(2)
    expect(request.request_id).toEqual(expect.any(String))
    for (const field of ['latency_ms', 'total_ms', 'query_ms', 'connect_ms', 'auth_ms', 'ratelimit_ms']) {
      expect(request[field], field).toEqual(expect.any(Number))
      expect(request[field] as number, field).toBeGreaterThanOrEqual(0)
    }
    expect(request.total_ms as number).toBeGreaterThanOrEqual(request.latency_ms as number)
    expect(['kv', 'db']).toContain(request.auth_source)
    expect(request.auth_cached).toBe(request.auth_source === 'kv')
  })

  it('says where the verdict came from: the isolate’s cache on the next request', async () => {
    const worker = ownWorker()
    const lines = await linesDuring(async () => {
      for (let i = 0; i < 2; i++)
        await (await worker.fetch('/credentialscheck', credentialHeaders(MAIN))).arrayBuffer()
    })
    const [first, second] = lines.filter((l) => l.event === 'request')
    expect(['kv', 'db']).toContain(first!.auth_source)
    expect(second).toMatchObject({ auth_source: 'isolate', auth_cached: true, db_connects: 0, query_ms: 0 })
  })

  it('is written once the last byte of a streamed body is out, with the whole time in total_ms', async () => {
    const worker = ownWorker(largeDatabases())
    let beforeBody: Line[] = []
    const lines = await linesDuring(async (seen) => {
      const res = await worker.fetch(
        '/v2.0/dataconnector?from=2024-01-01&to=2024-03-31',
        credentialHeaders(MAIN),
      )
      expect(res.status).toBe(200)
      const reader = res.body!.getReader()
      await reader.read()
      beforeBody = seen().filter((l) => l.event === 'request')
      while (!(await reader.read()).done) {
        /* drain */
      }
    })
    expect(beforeBody).toEqual([])
    const request = requestLine(lines)
    expect(request).toMatchObject({ endpoint: 'dataconnector', status: 200, outcome: 'ok', db_connects: 1 })
    expect(request.total_ms as number).toBeGreaterThanOrEqual(request.latency_ms as number)
  })

  it('logs a refused request as an error outcome without an account', async () => {
    const request = requestLine(
      await logLinesOf('/credentialscheck', {
        'X-Api-Key': 'nope',
        'X-Integration-Key': MAIN.integrationKey,
      }),
    )
    expect(request).toMatchObject({
      status: 401,
      outcome: 'error',
      endpoint: 'credentialscheck',
      account_id: null,
      ratelimit_source: 'none',
      ratelimit_count: null,
      db_connects: 0,
    })
  })

  it('logs an unknown path with no endpoint', async () => {
    const request = requestLine(await logLinesOf('/reports', {}))
    expect(request).toMatchObject({
      status: 404,
      outcome: 'error',
      endpoint: null,
      version: null,
      format: 'json',
    })
  })

  it('never writes a credential into any line', async () => {
    const lines = [
      ...(await logLinesOf('/advertisers', credentialHeaders(MAIN))),
      ...(await logLinesOf('/advertisers', {
        'X-Api-Key': 'ak_not_a_key_0000',
        'X-Integration-Key': MAIN.integrationKey,
      })),
    ]
    expect(lines.length).toBeGreaterThan(1)
    const text = JSON.stringify(lines)
    expect(text).not.toContain(MAIN.apiKey)
    expect(text).not.toContain(MAIN.integrationKey)
    expect(text).not.toContain('ak_not_a_key_0000')
  })
})
