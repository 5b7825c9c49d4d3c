// The load tool against a fake API on 127.0.0.1: mix, bounds, statistics, CLI.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadProfile, parseProfile, type LoadProfile } from './profile.ts'
import { breaches, expandPath, runLoad } from './run.ts'
import { percentile } from './stats.ts'

let server: Server
let target: string
const seen: { path: string; headers: Record<string, string | string[] | undefined> }[] = []

beforeAll(async () => {
  // /slow answers after 30 ms, /fail answers 500, everything else 200 at once.
  server = createServer((req, res) => {
    seen.push({ path: req.url!, headers: req.headers })
    const reply = (status: number) => res.writeHead(status, { 'content-type': 'application/json' }).end('[]')
    if (req.url!.startsWith('/slow')) setTimeout(() => reply(200), 30)
    else reply(req.url!.startsWith('/fail') ? 500 : 200)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

const profile = (over: Partial<LoadProfile> = {}): LoadProfile =>
  parseProfile({
    name: 'test',
    concurrency: 4,
    maxRequests: 400,
    maxDurationSeconds: 20,
    thresholds: { errorRatePercent: 5 },
    endpoints: [
      { name: 'fast', path: '/fast', weight: 70 },
      { name: 'fail', path: '/fail', weight: 20 },
      { name: 'slow', path: '/slow', weight: 10, legacyP50Ms: 25, legacyP95Ms: 40 },
    ],
    ...over,
  })

describe('load tool', () => {
  it('sends the weighted mix, exactly the bounded count, and measures errors per endpoint', async () => {
    const report = await runLoad({
      target,
      profile: profile(),
      maxRequests: 400,
      headers: { 'X-Api-Key': 'k' },
    })
    expect(report.requests).toBe(400)
    expect(report.stoppedBy).toBe('requests')
    const byName = Object.fromEntries(report.endpoints.map((e) => [e.name, e]))
    expect(byName['fast']!.count + byName['fail']!.count + byName['slow']!.count).toBe(400)
    expect(byName['fast']!.count / 400).toBeCloseTo(0.7, 1)
    expect(byName['fail']!.count / 400).toBeCloseTo(0.2, 1)
    expect(byName['fail']!.errors).toBe(byName['fail']!.count)
    expect(byName['fail']!.statuses).toEqual({ '500': byName['fail']!.count })
    expect(report.overall.errors).toBe(byName['fail']!.count)
    expect(byName['slow']!.p50Ms).toBeGreaterThanOrEqual(29)
    expect(byName['slow']!.legacyP95Ms).toBe(40)
    expect(report.throughputPerSecond).toBeGreaterThan(0)
    expect(breaches(report, profile())[0]).toMatch(/^error rate \d+(\.\d)?% > 5%$/)
  })

  it('picks the same mix for the same seed', async () => {
    const a = await runLoad({ target, profile: profile(), maxRequests: 60, seed: 7, concurrency: 1 })
    const b = await runLoad({ target, profile: profile(), maxRequests: 60, seed: 7, concurrency: 1 })
    expect(a.endpoints.map((e) => e.count)).toEqual(b.endpoints.map((e) => e.count))
  })

  it('stops at the duration bound even when the count bound is far away', async () => {
    const p = profile({
      maxRequests: 100_000,
      maxDurationSeconds: 1,
      endpoints: [{ name: 'slow', path: '/slow', weight: 1 }],
    })
    const started = Date.now()
    const report = await runLoad({ target, profile: p })
    expect(report.stoppedBy).toBe('duration')
    expect(Date.now() - started).toBeLessThan(3_000)
    expect(report.requests).toBeLessThan(1_000)
  })

  it('lets flags lower the profile bounds but never raise them', async () => {
    const report = await runLoad({ target, profile: profile({ maxRequests: 10 }), maxRequests: 5_000 })
    expect(report.requests).toBe(10)
  })

  it('rotates the local rate-limit namespace every N requests', async () => {
    seen.length = 0
    await runLoad({
      target,
      profile: profile(),
      maxRequests: 10,
      concurrency: 1,
      rotateRateNamespaceEvery: 4,
    })
    const namespaces = seen.map((s) => s.headers['x-test-rate-namespace'])
    expect(new Set(namespaces).size).toBe(3)
  })

  it('reports progress after every request, ending at the count bound', async () => {
    const seenProgress: { requests: number; errors: number; fraction: number }[] = []
    await runLoad({
      target,
      profile: profile({ endpoints: [{ name: 'fail', path: '/fail', weight: 1 }] }),
      maxRequests: 8,
      concurrency: 2,
      onProgress: (p) => seenProgress.push(p),
    })
    expect(seenProgress.map((p) => p.requests)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
    expect(seenProgress.at(-1)).toMatchObject({ requests: 8, errors: 8, fraction: 1 })
  })

  it('expands {{date:N}} relative to today', () => {
    expect(expandPath('/analytics?from={{date:-30}}&to={{date:0}}', '2024-03-15')).toBe(
      '/analytics?from=2024-02-14&to=2024-03-15',
    )
  })

  it('computes nearest-rank percentiles', () => {
    const samples = Array.from({ length: 100 }, (_, i) => 100 - i)
    expect([
      percentile(samples, 50),
      percentile(samples, 95),
      percentile(samples, 99),
      percentile(samples, 100),
    ]).toEqual([50, 95, 99, 100])
    expect(percentile([], 95)).toBe(0)
  })

  it('rejects profiles without endpoints, with bad weights or beyond the hard bounds', () => {
    expect(() => profile({ endpoints: [] })).toThrow(/endpoints/)
    expect(() => profile({ endpoints: [{ name: 'x', path: '/x', weight: 0 }] })).toThrow(/weight/)
    expect(() => profile({ maxDurationSeconds: 24 * 3600 })).toThrow(/maxDurationSeconds/)
    expect(() => profile({ concurrency: 1_000 })).toThrow(/concurrency/)
  })

  it('ships a valid production-p50-p95 profile whose weights are percentages', () => {
    const p = loadProfile(join(import.meta.dirname, 'profiles/production-p50-p95.json'))
    expect(p.endpoints.reduce((n, e) => n + e.weight, 0)).toBe(100)
    for (const e of p.endpoints) expect(e.legacyP95Ms).toBeGreaterThanOrEqual(e.legacyP50Ms!)
  })

  it('runs from the command line and writes a JSON report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'load-'))
    const profileFile = join(dir, 'p.json')
    writeFileSync(
      profileFile,
      JSON.stringify({ ...profile(), endpoints: [{ name: 'fast', path: '/fast', weight: 1 }] }),
    )
    const out = join(dir, 'report.json')
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [
        join(import.meta.dirname, 'cli.ts'),
        '--target',
        target,
        '--profile',
        profileFile,
        '--requests',
        '25',
        '--json',
        out,
      ],
      { env: { ...process.env, LOAD_API_KEY: 'k', LOAD_INTEGRATION_KEY: 'i' } },
    )
    expect(stdout).toMatch(/requests 25 in [\d.]+ s \(stopped by requests bound\): [\d.]+ req\/s/)
    expect(stdout).toMatch(
      /latency p50 [\d.]+ ms {2}p95 [\d.]+ ms {2}p99 [\d.]+ ms {2}error rate 0% \(0 errors\)/,
    )
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ requests: 25, overall: { errors: 0 } })
    // Progress goes to stderr (not a terminal here: a line per tenth), the report to stdout.
    expect(stderr).toMatch(/^load: 100% \(25 requests, 0 errors, \d+ s\)$/m)
    expect(stderr.trimEnd().split('\n').length).toBeLessThanOrEqual(11)
    expect(stdout).not.toMatch(/^load: \d+%/m)
  })
})
