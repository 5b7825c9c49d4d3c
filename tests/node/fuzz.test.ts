// Against the real local stack (both Workers in wrangler dev, MariaDB with the
// demo data): the post-deploy smoke script, then a fixed-seed sample of the
// randomized fuzz (tests/fuzz/, `npm run fuzz` for any size) — requests
// generated from openapi.yaml plus mutations, every answer judged by the
// spec. Zero 5xx, zero hangs, zero spec violations. FUZZ_REQUESTS and
// FUZZ_SEED change the sample.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_CREDENTIALS, startLocalStack, topLevelVar, type LocalStack } from '../../scripts/local-stack.ts'
import { bundleSpec, operationsOf } from '../../parity/lib/contract/spec-operations.ts'
import { summaryLine } from '../fuzz/report.ts'
import { runFuzz } from '../fuzz/run.ts'
import { readFileSync } from 'node:fs'

const ROOT = join(import.meta.dirname, '../../')
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 500)
const SEED = Number(process.env.FUZZ_SEED ?? 20261202)

let stack: LocalStack
beforeAll(async () => {
  // The database was prepared by the global setup; state (rate limits) is throwaway.
  stack = await startLocalStack({
    skipDatabase: true,
    ephemeralState: true,
    testHooks: true,
    timeoutMs: 90_000,
  })
}, 120_000)
afterAll(() => stack?.stop())

describe('smoke.sh against the local stack', () => {
  it('passes all four probes with the demo credentials', async () => {
    const { stdout } = await promisify(execFile)('bash', [join(ROOT, 'scripts/smoke.sh'), stack.url], {
      env: {
        ...process.env,
        SMOKE_INTEGRATION_KEY: DEMO_CREDENTIALS.integrationKey,
        SMOKE_API_KEY: DEMO_CREDENTIALS.apiKey,
      },
    }).catch((error: { stdout?: string }) => {
      throw new Error(`smoke.sh failed:\n${error.stdout ?? String(error)}`)
    })
    expect(stdout.match(/^PASS /gm)).toHaveLength(4)
  }, 60_000)
})

describe('randomized fuzz, fixed-seed sample', () => {
  it(`answers ${REQUESTS} generated requests within the spec: no 5xx, no hang, no violation`, async () => {
    const wrangler = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8')
    const report = await runFuzz({
      seed: SEED,
      requests: REQUESTS,
      target: stack.url,
      concurrency: 2,
      timeoutMs: 15_000,
      maxSeconds: 150,
      operations: operationsOf(bundleSpec()),
      corsOrigins: (topLevelVar(wrangler, 'CORS_ALLOWED_ORIGINS') ?? '').split(','),
      docsUrl: stack.vars.DOCS_URL,
      runId: `test-${Date.now().toString(36)}`,
    })
    console.log(`${summaryLine(report)}; statuses ${JSON.stringify(report.statuses.target)}`)
    const failures = report.findings.filter((f) => f.kind !== 'platform')
    expect(failures.map((f) => `${f.count}× ${f.signature}\n  ${f.replay}`)).toEqual([])
    expect(report.hooks.target).toBe(true)
    expect(report.summary.sent).toBe(REQUESTS)
    // The sample reaches every kind of answer: data, each error, the 410, the preflight.
    expect(Object.keys(report.statuses.target)).toEqual(
      expect.arrayContaining(['200', '204', '400', '401', '404', '410']),
    )
  }, 180_000)
})
