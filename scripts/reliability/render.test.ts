// docs/reliability.md is generated from the JSON reports in docs/reliability/:
// the committed doc must be what its reports give, every figure comes from a
// report, and a section whose report is missing says so plainly.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { FuzzReport } from '../../tests/fuzz/report.ts'
import { DOC, readInputs } from './generate.ts'
import type { ReliabilityInputs } from './inputs.ts'
import { renderReliability } from './render.ts'

const fuzz = (extra: Partial<FuzzReport>): FuzzReport => ({
  tool: 'fuzz',
  version: 1,
  seed: 5,
  requested: 10_000,
  target: 'http://127.0.0.1:8840',
  reference: 'http://127.0.0.1:8841',
  data: 'demo seed',
  startedAt: '2026-12-02T05:00:00.000Z',
  seconds: 321.5,
  concurrency: 2,
  timeoutMs: 15_000,
  maxSeconds: 900,
  stoppedEarly: false,
  hooks: { target: true, reference: true },
  windows: { size: 150, count: 67, first: '2024-03-15T14:05:00.000Z' },
  summary: { sent: 10_000, serverErrors: 1, hangs: 2, transportErrors: 0, specViolations: 3, differences: 4 },
  verdicts: { ok: 9994, 'server error': 1, hang: 2, 'spec violation': 3 },
  agreements: {
    same: 9000,
    difference: 4,
    'worker-only route': 90,
    'runtime-rewritten URL': 7,
    platform: 11,
  },
  runtimeRewritten: 7,
  statuses: { target: { '200': 6000 }, reference: { '200': 5990 } },
  traits: {},
  slowestMs: { target: 900, reference: 80 },
  findings: [
    {
      signature: 's',
      kind: 'difference',
      count: 4,
      indices: [42],
      request: {
        index: 42,
        method: 'GET',
        target: '/analytics?x=|1',
        targetLength: 15,
        headers: [],
        now: '',
        traits: [],
      },
      target: { status: 401, contentType: 'application/json', bytes: 1, body: '' },
      reference: { status: 400, contentType: 'application/json', bytes: 1, body: '' },
      problems: [],
      mismatches: [{ field: 'body', expected: 'a', actual: 'b', where: '$.error' }],
      replay: 'npm run fuzz -- --seed 5 --only 42 --reference http://127.0.0.1:8841',
    },
  ],
  ...extra,
})

const empty: ReliabilityInputs = {
  fuzz: [{ title: 'vs the PHP reference', file: 'x.json', report: null }],
  authCost: null,
  faults: null,
  load: null,
}

describe('docs/reliability.md', () => {
  it('is what its committed reports give (run `npm run reliability` after a new report)', () => {
    expect(readFileSync(DOC, 'utf8')).toBe(renderReliability(readInputs()))
  })

  it('marks every section whose report is missing', () => {
    const doc = renderReliability(empty)
    expect(doc.match(/\*\*Not measured yet\.\*\*/g)).toHaveLength(3)
    for (const file of ['auth-cost.json', 'faults.json', 'load.json'])
      expect(doc).toContain(`docs/reliability/${file}`)
    expect(doc).toContain('| vs the PHP reference | not run yet |')
  })

  it('puts each run’s figures and findings in, from the report alone', () => {
    const doc = renderReliability({ ...empty, fuzz: [{ title: 'vs PHP', file: 'x.json', report: fuzz({}) }] })
    expect(doc).toContain('| vs PHP | demo seed | 5 | 10000 | 1 | 2 | 0 | 3 | 4 | 90 | 7 | 11 | 321.5 |')
    expect(doc).toContain(
      '| difference | 4 | GET /analytics?x=\\|1 | 400 → 401 | $.error | `--seed 5 --only 42 --reference http://127.0.0.1:8841` |',
    )
    expect(doc).not.toContain('worker-only route | 90 | GET')
  })

  it('renders the lead’s sections from their reports', () => {
    const doc = renderReliability({
      ...empty,
      authCost: { method: 'm', rows: [{ label: 'after', failedRequests: 1000, dbLookupsPerRequest: 0.02 }] },
      faults: {
        method: 'm',
        rows: [
          {
            fault: 'DB stopped',
            when: 'mid-stream',
            clientSees: 'broken transfer',
            logged: 'db.error',
            test: 't.ts',
          },
        ],
      },
      load: {
        method: 'm',
        concurrency: 16,
        seconds: 180,
        requests: 9000,
        statuses: { '200': 8990, '503': 10 },
        latencyMs: { p50: 20, p95: 90, p99: 150, max: 900 },
        faults: [{ fault: 'DB slow', fromSecond: 60, toSecond: 90 }],
      },
    })
    expect(doc).not.toContain('Not measured yet')
    expect(doc).toContain('| after | 1000 | 0.02 | — | — | — |')
    expect(doc).toContain('| DB stopped | mid-stream | broken transfer | db.error | t.ts |')
    expect(doc).toContain('c=16 for 180 s: 9000 requests; statuses 200: 8990, 503: 10; latency p50 20 ms')
  })

  it('refuses a malformed report with its name', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reliability-'))
    writeFileSync(join(dir, 'faults.json'), '{not json')
    expect(() => readInputs(dir)).toThrow(/docs\/reliability\/faults\.json is not valid JSON/)
  })
})
