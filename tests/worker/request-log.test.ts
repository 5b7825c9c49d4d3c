// One structured log line per request, with the fields the plan's logger
// contract names, and never a credential.
import { exports } from 'cloudflare:workers'
import { afterEach, describe, expect, it, vi } from 'vitest'

const API_KEY = 'ak_main_5f2b9c81d7e04a6b93c1e8f0a4d27b6e'
const INTEGRATION_KEY = 'adv-int-main-0001'

afterEach(() => {
  vi.restoreAllMocks()
})

async function logLinesOf(path: string, headers: Record<string, string>): Promise<Record<string, unknown>[]> {
  const lines: string[] = []
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
    lines.push(String(line))
  })
  const res = await exports.default.fetch(`http://api.test${path}`, {
    headers: {
      'X-Test-Now': '2024-03-15T14:05:00Z',
      'X-Test-Rate-Namespace': crypto.randomUUID(),
      ...headers,
    },
  })
  await res.arrayBuffer()
  return lines.flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>]
    } catch {
      return []
    }
  })
}

describe('the request log line', () => {
  it('carries endpoint, version, format, account, timings, commit and outcome', async () => {
    const lines = await logLinesOf(
      '/v2.0/analytics?advertiser_id=14&from=2024-03-01&to=2024-03-02&format=xml',
      {
        'X-Api-Key': API_KEY,
        'X-Integration-Key': INTEGRATION_KEY,
      },
    )
    const request = lines.find((l) => l.event === 'request')
    expect(request).toMatchObject({
      level: 'info',
      endpoint: 'analytics',
      version: '2.0',
      format: 'xml',
      account_id: 1,
      status: 200,
      outcome: 'ok',
      commit_sha: 'test-sha',
      cached: false,
    })
    expect(request!.request_id).toEqual(expect.any(String))
    for (const field of ['latency_ms', 'total_ms', 'query_ms'])
      expect(request![field]).toEqual(expect.any(Number))
  })

  it('logs a refused request as an error outcome without an account', async () => {
    const lines = await logLinesOf('/credentialscheck', {
      'X-Api-Key': 'nope',
      'X-Integration-Key': INTEGRATION_KEY,
    })
    const request = lines.find((l) => l.event === 'request')
    expect(request).toMatchObject({ status: 401, outcome: 'error', endpoint: 'credentialscheck' })
    expect(request).not.toHaveProperty('account_id')
  })

  it('never writes a credential into any line', async () => {
    const lines = await logLinesOf('/advertisers', {
      'X-Api-Key': API_KEY,
      'X-Integration-Key': INTEGRATION_KEY,
    })
    expect(lines.length).toBeGreaterThan(0)
    const text = JSON.stringify(lines)
    expect(text).not.toContain(API_KEY)
    expect(text).not.toContain(INTEGRATION_KEY)
  })
})
