import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { main } from './cli.ts'
import type { Fixture, ObservedResponse } from './lib/fixture-types.ts'
import { loadFixtures } from './lib/fixtures.ts'
import { rawTarget } from './lib/http-client.ts'
import { recordAll } from './lib/record.ts'
import { reconcileAll } from './lib/reconcile.ts'
import { replayAll, type ReplayTarget } from './lib/replay.ts'
import type { ParityReport } from './lib/report.ts'
import { answerKey, startFakeOrigin, type FakeOrigin } from './test-support/fake-origin.ts'
import { headerValue } from './lib/request-facts.ts'

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url))
const PICKED = [
  'credentialscheck-json',
  'auth-empty-api-key',
  'path-double-slashes',
  'advertisers-csv',
  'advertisers-xml',
  'format-php-campaigns',
]
const { fixtures: all } = loadFixtures(FIXTURES, (n) => PICKED.includes(n))
const byName = (name: string) => all.find((f) => f.name === name) as Fixture

/** The fixtures' own recorded answers, optionally with one body replaced. */
function answersFor(
  fixtures: Fixture[],
  mutate: (f: Fixture, r: ObservedResponse) => ObservedResponse = (_f, r) => r,
) {
  const answers = new Map<string, ObservedResponse>()
  for (const f of fixtures) {
    for (const { request, response } of f.steps) {
      const recorded = {
        status: response.status,
        contentType: response.contentType,
        body: Buffer.from(response.bodyBase64, 'base64'),
      }
      answers.set(
        answerKey(request.method, rawTarget(request), headerValue(request.headers, 'X-Api-Key')),
        mutate(f, recorded),
      )
    }
  }
  return answers
}

const replace = (body: Buffer, from: string, to: string, encoding: BufferEncoding = 'utf8') =>
  Buffer.from(body.toString(encoding).replace(from, to), encoding)

let origins: FakeOrigin[] = []
afterEach(async () => {
  await Promise.all(origins.map((o) => o.close()))
  origins = []
  vi.restoreAllMocks()
})
async function origin(answers: Map<string, ObservedResponse>) {
  const o = await startFakeOrigin(answers)
  origins.push(o)
  return o
}
const target = (baseUrl: string, extra: Partial<ReplayTarget> = {}): ReplayTarget => ({
  label: 'fake',
  baseUrl,
  testHooks: true,
  docsUrl: null,
  mode: 'exact',
  ...extra,
})

describe('replay against a fake origin', () => {
  const exact = all.filter((f) => !f.workerDeviation)

  it('passes every fixture whose recorded bytes are served back', async () => {
    const o = await origin(answersFor(exact))
    const results = await replayAll(exact, target(o.url))
    expect(results.map((r) => [r.name, r.pass])).toEqual(exact.map((f) => [f.name, true]))
  })

  it('sends the raw path and query, the recorded header case and empty values', async () => {
    const o = await origin(answersFor(exact))
    await replayAll([byName('path-double-slashes'), byName('auth-empty-api-key')], target(o.url))
    expect(o.seen[0]?.url).toBe('//v2.0//analytics/?advertiser_id=20&from=2024-02-01&to=2024-02-02')
    expect(o.seen[1]?.rawHeaders).toContainEqual(['X-Api-Key', ''])
    expect(o.seen[1]?.rawHeaders).toContainEqual(['X-Integration-Key', 'adv-int-main-0001'])
  })

  it('pins each fixture to its recorded now and a fresh rate-limit namespace', async () => {
    const o = await origin(answersFor(exact))
    await replayAll([byName('credentialscheck-json'), byName('advertisers-xml')], target(o.url))
    const hook = (i: number, name: string) => o.seen[i]?.rawHeaders.find(([k]) => k === name)?.[1]
    expect(hook(0, 'X-Test-Now')).toBe(byName('credentialscheck-json').now)
    expect(hook(0, 'X-Test-Rate-Namespace')).toMatch(/^credentialscheck-json-/)
    expect(hook(1, 'X-Test-Rate-Namespace')).not.toBe(hook(0, 'X-Test-Rate-Namespace'))
  })

  it('sends no test hooks to a plain base URL', async () => {
    const o = await origin(answersFor(exact))
    await replayAll([byName('credentialscheck-json')], target(o.url, { testHooks: false }))
    expect(o.seen[0]?.rawHeaders.map(([k]) => k)).not.toContain('X-Test-Now')
  })

  it('fails a mutated CSV body at its row and column', async () => {
    const o = await origin(
      answersFor(exact, (f, r) =>
        f.name === 'advertisers-csv'
          ? { ...r, body: replace(r.body, 'Spaced Out', 'Spaced 0ut', 'utf16le') }
          : r,
      ),
    )
    const [result] = await replayAll([byName('advertisers-csv')], target(o.url))
    expect(result?.pass).toBe(false)
    const body = result?.steps[0]?.mismatches.find((m) => m.field === 'body')
    expect(body?.where).toBe('row 2, column 2 (advertiser_name)')
    expect(body?.byteOffset).toBe(
      2 * byName('advertisers-csv').steps[0]!.response.bodyText!.indexOf('0ut'.replace('0', 'O')),
    )
  })

  it('fails a mutated XML body at its element path, and a wrong status and content type', async () => {
    const o = await origin(
      answersFor(exact, (f, r) =>
        f.name === 'advertisers-xml'
          ? {
              status: 500,
              contentType: 'text/html',
              body: replace(r.body, '<campaign_count>2<', '<campaign_count>3<'),
            }
          : r,
      ),
    )
    const [result] = await replayAll([byName('advertisers-xml')], target(o.url))
    const mismatches = result?.steps[0]?.mismatches ?? []
    expect(mismatches.map((m) => m.field)).toEqual(['status', 'contentType', 'body'])
    expect(mismatches[2]?.where).toMatch(/^\/xml\/item\[\d+\]\/campaign_count$/)
  })

  it('judges workerDeviation fixtures by the documented 410, not the legacy body', async () => {
    const f = byName('format-php-campaigns')
    const gone = Buffer.from(
      '{"status":false,"error":"Format no longer supported","documentation":"http:\\/\\/127.0.0.1:8787\\/docs"}',
    )
    const o = await origin(
      new Map([
        [
          answerKey(
            'GET',
            rawTarget(f.steps[0]!.request),
            headerValue(f.steps[0]!.request.headers, 'X-Api-Key'),
          ),
          { status: 410, contentType: 'application/json; charset=utf-8', body: gone },
        ],
      ]),
    )
    const [pass] = await replayAll([f], target(o.url, { docsUrl: 'http://127.0.0.1:8787/docs' }))
    expect(pass?.pass).toBe(true)
    expect(pass?.notes[0]).toContain('byte for byte')
    const [fail] = await replayAll([f], target(o.url, { docsUrl: 'http://127.0.0.1:9999/docs' }))
    expect(fail?.steps[0]?.mismatches[0]?.field).toBe('body')
  })
})

describe('the parity CLI', () => {
  it('writes a report and a matrix, prints the summary and exits 1 on a failure', async () => {
    const picked = [byName('credentialscheck-json'), byName('advertisers-xml')]
    const dir = mkdtempSync(join(tmpdir(), 'parity-cli-'))
    for (const f of picked) writeFileSync(join(dir, `${f.name}.json`), JSON.stringify(f))
    const o = await origin(
      answersFor(picked, (f, r) =>
        f.name === 'advertisers-xml' ? { ...r, body: Buffer.from('<xml/>') } : r,
      ),
    )
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    const code = await main([
      '--fixtures',
      dir,
      '--target',
      o.url,
      '--report',
      join(dir, 'r.json'),
      '--matrix',
      join(dir, 'm.md'),
    ])
    expect(code).toBe(1)
    expect(log).toHaveBeenCalledWith(`parity: 1 passed, 1 failed (target ${o.url})`)
    // Progress on stderr while it runs (not a terminal here: one line per tenth of the cases).
    const progress = stderr.mock.calls.map(([text]) => String(text)).filter((t) => t.startsWith('parity: '))
    expect(progress).toEqual(['parity: 50% (1/2 cases, 1 failed)\n', 'parity: 100% (2/2 cases, 1 failed)\n'])
    stderr.mockRestore()
    const report = JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')) as ParityReport
    expect(report.summary).toEqual({ passed: 1, failed: 1, total: 2 })
    expect(report.cases.find((c) => c.name === 'advertisers-xml')?.steps[0]?.mismatches[0]?.field).toBe(
      'body',
    )
    const matrix = readFileSync(join(dir, 'm.md'), 'utf8')
    expect(matrix).toContain('| advertisers | 1.0 | xml | valid credentials | 0 | 1 | ❌ |')
    expect(matrix).toContain('| credentialscheck | 1.0 | json | valid credentials | 1 | 1 | ✅ |')
  })

  it('exits 0 when every case passes and 2 on a usage error', async () => {
    const picked = [byName('credentialscheck-json')]
    const dir = mkdtempSync(join(tmpdir(), 'parity-cli-'))
    writeFileSync(join(dir, 'credentialscheck-json.json'), JSON.stringify(picked[0]))
    const o = await origin(answersFor(picked))
    vi.spyOn(console, 'log').mockImplementation(() => {})
    vi.spyOn(console, 'error').mockImplementation(() => {})
    expect(await main(['--fixtures', dir, '--target', o.url])).toBe(0)
    expect(await main(['--target', o.url])).toBe(2)
  })
})

describe('record and reconcile', () => {
  it('records fixtures that validate and replay green against the same origin', async () => {
    const picked = [byName('credentialscheck-json'), byName('advertisers-csv')]
    const o = await origin(answersFor(picked))
    const out = mkdtempSync(join(tmpdir(), 'parity-record-'))
    const cases = picked.map((f) => ({
      name: f.name,
      description: f.description,
      requests: f.steps.map((s) => s.request),
    }))
    await recordAll(o.url, cases, out, () => new Date('2026-11-27T10:00:00.123Z'))
    const { fixtures, problems } = loadFixtures(out)
    expect(problems).toEqual([])
    expect(fixtures.map((f) => [f.name, f.now])).toEqual(picked.map((f) => [f.name, '2026-11-27T10:00:00Z']))
    expect(fixtures[1]?.steps[0]?.response.bodyText).toBe(picked[1]?.steps[0]?.response.bodyText)
    expect((await replayAll(fixtures, target(o.url))).every((r) => r.pass)).toBe(true)
  })

  it('reconciles two origins and locates where the second differs', async () => {
    const picked = [byName('credentialscheck-json'), byName('advertisers-xml')]
    const legacy = await origin(answersFor(picked))
    const worker = await origin(
      answersFor(picked, (f, r) =>
        f.name === 'credentialscheck-json' ? { ...r, body: Buffer.from('{"status":false}') } : r,
      ),
    )
    const cases = picked.map((f) => ({
      name: f.name,
      description: '',
      requests: f.steps.map((s) => s.request),
    }))
    const results = await reconcileAll(legacy.url, worker.url, cases)
    expect(results.map((r) => r.pass)).toEqual([false, true])
    expect(results[0]?.steps[0]?.mismatches[0]).toMatchObject({
      field: 'body',
      where: '$.status',
      byteOffset: 10,
    })
    expect(legacy.seen).toHaveLength(2)
    expect(worker.seen).toHaveLength(2)
  })
})
