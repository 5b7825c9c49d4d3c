// The fuzz runner against two fake servers whose faults are known in
// advance: every hang, 5xx, spec violation and difference from the reference
// must be counted exactly, findings deduplicated with a replay command, the
// pinned-clock probe read, and the run stopped at its time bound.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createGenerator } from '../fuzz/generate.ts'
import { cleanPath, runtimePath } from '../fuzz/routing.ts'
import { runFuzz, type RunOptions } from '../fuzz/run.ts'
import { JSON_TYPE, OPERATIONS } from './fuzz-support.ts'

const UNKNOWN = '{"status":false,"error":"Unknown method"}'
/** The clean path a server that parses URLs like workerd routes on. */
const seenPath = (target: string) => cleanPath(runtimePath(target))

/** HEAD hangs, OPTIONS fails with 500, PUT answers an undeclared 418; the target's csv answers differ from the reference's. */
function fake(role: 'target' | 'reference') {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/'
    const json = (status: number, body: string) =>
      res.writeHead(status, { 'content-type': JSON_TYPE, 'x-request-id': 'r' }).end(body)
    if (url.startsWith('/credentialscheck'))
      return json(req.headers['x-test-now'] ? 200 : 401, '{"status":true}')
    if (req.method === 'HEAD') return
    if (req.method === 'OPTIONS') return json(500, 'boom')
    if (req.method === 'PUT') return json(418, UNKNOWN)
    if (req.method === 'GET' && seenPath(url) === '/__health')
      return res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
    if (req.method !== 'GET' || seenPath(url) !== '/things') return json(404, UNKNOWN)
    json(200, role === 'target' && url.includes('format=csv') ? '[{"id":"2"}]' : '[{"id":"1"}]')
  }
}

let servers: Server[]
let urls: string[]
beforeAll(async () => {
  const big = { maxHeaderSize: 256 * 1024 }
  servers = [createServer(big, fake('target')), createServer(big, fake('reference'))]
  urls = await Promise.all(
    servers.map(
      (s) =>
        new Promise<string>((resolve) =>
          s.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(s.address() as AddressInfo).port}`)),
        ),
    ),
  )
})
afterAll(async () => {
  for (const s of servers) s.closeAllConnections()
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))))
})

const options = (extra: Partial<RunOptions>): RunOptions => ({
  seed: 3,
  requests: 400,
  target: urls[0]!,
  reference: urls[1]!,
  concurrency: 8,
  timeoutMs: 200,
  maxSeconds: 60,
  operations: OPERATIONS,
  corsOrigins: [],
  docsUrl: null,
  runId: 'test',
  ...extra,
})

describe('the fuzz runner', () => {
  it('counts every fault the fake servers were built with, and nothing else', async () => {
    const requests = createGenerator(3, OPERATIONS).requests(0, 400)
    // node:http refuses raw bytes beyond ASCII in a target: a bare 400 (no content type), or a
    // reset when the request is large.
    const sendable = requests.filter((r) => /^[\x21-\x7e]*$/.test(r.target))
    const count = (test: (r: (typeof requests)[number]) => boolean) => sendable.filter(test).length
    const lines: string[] = []
    const report = await runFuzz(options({ progress: (l) => lines.push(l), progressEveryMs: 0 }))

    expect(report.summary.sent).toBe(400)
    expect(report.hooks).toEqual({ target: true, reference: true })
    expect(report.summary.hangs).toBe(count((r) => r.method === 'HEAD'))
    expect(report.summary.serverErrors).toBe(count((r) => r.method === 'OPTIONS'))
    const csv = count(
      (r) => r.method === 'GET' && seenPath(r.target) === '/things' && r.target.includes('format=csv'),
    )
    expect(csv).toBeGreaterThan(5)
    expect(report.summary.differences).toBe(csv)
    expect(report.summary.specViolations + report.summary.transportErrors).toBe(
      count((r) => r.method === 'PUT') + requests.length - sendable.length,
    )
    expect(report.summary.hangs).toBeGreaterThan(0)

    const difference = report.findings.find((f) => f.kind === 'difference')!
    expect(difference.count).toBe(csv)
    expect(difference.mismatches[0]).toMatchObject({ field: 'body', where: '$[0].id' })
    expect(difference.replay).toBe(`npm run fuzz -- --seed 3 --only ${difference.indices[0]}`)
    expect(lines.at(-1)).toMatch(/^fuzz: 400\/400 sent/)
  })

  it('replays single requests with --only', async () => {
    const report = await runFuzz(options({ only: [17, 5] }))
    expect(report.summary.sent).toBe(2)
  })

  it('stops at its time bound and says so', async () => {
    const report = await runFuzz(options({ requests: 100_000, maxSeconds: 1, reference: null }))
    expect(report.stoppedEarly).toBe(true)
    expect(report.summary.sent).toBeLessThan(100_000)
    expect(report.agreements).toEqual({})
  })
})
