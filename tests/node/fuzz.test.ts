// Against the real local stack (both Workers in wrangler dev, MariaDB with the
// demo data): the post-deploy smoke script, then the local contract fuzz —
// requests generated from openapi.yaml, every response checked against it.
// Zero 5xx, zero contract violations, zero hangs. FUZZ_REQUESTS raises or
// lowers the bounded count (default 400).
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_CREDENTIALS, startLocalStack, type LocalStack } from '../../scripts/local-stack.ts'
import { allCases } from '../fuzz/cases.ts'
import { describeFailures, runFuzz } from '../fuzz/run.ts'
import { bundleSpec, operationsOf } from '../../parity/lib/contract/spec-operations.ts'

const ROOT = join(import.meta.dirname, '../../')
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 400)

let stack: LocalStack
beforeAll(async () => {
  // The database was prepared by the global setup; state (rate limits) is throwaway.
  stack = await startLocalStack({
    skipDatabase: true,
    ephemeralState: true,
    vars: { TEST_HOOKS: '1' },
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

describe('local contract fuzz', () => {
  it(`answers ${REQUESTS} generated requests within the spec: no 5xx, no violation, no hang`, async () => {
    const operations = operationsOf(bundleSpec())
    expect(operations.length).toBeGreaterThan(20)
    const cases = allCases(operations, DEMO_CREDENTIALS, REQUESTS)
    const summary = await runFuzz(cases, { baseUrl: stack.url, concurrency: 4, timeoutMs: 15_000 })
    console.log(
      `contract fuzz: ${summary.tried} requests over ${operations.length} operations in ${summary.seconds} s; ` +
        `statuses ${JSON.stringify(summary.byStatus)}; ${summary.failures.length} violations, ${summary.serverErrors} 5xx, ${summary.hangs} hangs`,
    )
    expect(summary.tried).toBe(cases.length)
    expect(summary.failures, describeFailures(summary)).toEqual([])
  }, 180_000)
})
