// npm run fuzz -- --requests N --seed S [--target <url>|local] [--reference <url>]
//                 [--concurrency C] [--timeout-ms T] [--max-seconds M] [--only i,j]
//                 [--report r.json] [--findings dir] [--data <label>] [--port P]
//                 [--reset-reference-limits]
//
// Randomized fuzz from openapi.yaml (tests/fuzz/generate.ts). Without
// --target it starts the local stack (TEST_HOOKS on, throwaway state) against
// the MySQL at DATABASE_URL, on --port or a free port. With --reference each
// request also goes to the reference (the PHP origin) and the answers are
// compared byte for byte. Progress on stderr, the summary on stdout, the JSON
// report with --report. Exit 0: no 5xx, hang, transport error, spec violation
// or difference; 1: some; 2: usage or setup error.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import mysql from 'mysql2/promise'
import { bundleSpec, operationsOf } from '../../parity/lib/contract/spec-operations.ts'
import { adminTarget } from '../../scripts/db/connection.ts'
import { startLocalStack, topLevelVar, type LocalStack } from '../../scripts/local-stack.ts'
import { summaryLine, writeFindings } from './report.ts'
import { runFuzz } from './run.ts'

const ROOT = join(import.meta.dirname, '../../')

export interface CliOptions {
  requests: number
  seed: number
  target: string
  reference: string | null
  concurrency: number
  timeoutMs: number
  maxSeconds: number
  only: number[] | undefined
  report: string | null
  findings: string | null
  data: string | null
  port: number
  resetReferenceLimits: boolean
}

function positive(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got "${raw}"`)
  return n
}

function httpUrl(name: string, raw: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new Error(`--${name} must be an http:// URL, got "${raw}"`)
  }
  if (url.protocol !== 'http:') throw new Error(`--${name} must be an http:// URL, got "${raw}"`)
  return raw.replace(/\/$/, '')
}

export function parseCli(argv: string[]): CliOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      requests: { type: 'string' },
      seed: { type: 'string' },
      target: { type: 'string' },
      reference: { type: 'string' },
      concurrency: { type: 'string' },
      'timeout-ms': { type: 'string' },
      'max-seconds': { type: 'string' },
      only: { type: 'string' },
      report: { type: 'string' },
      findings: { type: 'string' },
      data: { type: 'string' },
      port: { type: 'string' },
      'reset-reference-limits': { type: 'boolean' },
    },
  })
  const only = values.only?.split(',').map((i) => positive('only', i.trim(), 0, 0))
  return {
    requests: positive('requests', values.requests, 1000),
    seed: positive('seed', values.seed, 1, 0),
    target:
      values.target === undefined || values.target === 'local' ? 'local' : httpUrl('target', values.target),
    reference: values.reference === undefined ? null : httpUrl('reference', values.reference),
    concurrency: positive('concurrency', values.concurrency, 2),
    timeoutMs: positive('timeout-ms', values['timeout-ms'], 15_000, 100),
    maxSeconds: positive('max-seconds', values['max-seconds'], 900),
    only,
    report: values.report ?? null,
    findings: values.findings ?? null,
    data: values.data ?? null,
    port: positive('port', values.port, 0, 0),
    resetReferenceLimits: values['reset-reference-limits'] ?? false,
  }
}

/** Empties the PHP origin's own rate counters (shared/legacy/origin/limits.sql) in the database at DATABASE_URL. */
async function resetReferenceLimits(): Promise<void> {
  const t = adminTarget()
  const conn = await mysql.createConnection({
    host: t.host,
    port: t.port,
    user: t.user,
    password: t.password,
  })
  try {
    await conn.query('DELETE FROM legacy_limits.rate_counters')
  } finally {
    await conn.end()
  }
}

const isLocal = (url: string) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname)

export async function main(argv: string[]): Promise<number> {
  let options: CliOptions
  try {
    options = parseCli(argv)
  } catch (err) {
    console.error(`fuzz: ${(err as Error).message}`)
    return 2
  }
  const wrangler = readFileSync(join(ROOT, 'wrangler.toml'), 'utf8')
  let stack: LocalStack | null = null
  try {
    if (options.resetReferenceLimits) {
      if (!options.reference) throw new Error('--reset-reference-limits needs --reference')
      await resetReferenceLimits()
      console.error(
        'fuzz: emptied legacy_limits.rate_counters (the reference origin starts with fresh counters)',
      )
    }
    if (options.target === 'local') {
      console.error('fuzz: starting the local stack (TEST_HOOKS on) …')
      stack = await startLocalStack({
        port: options.port,
        seed: null,
        // The test entry: the production one has no clock or rate-namespace hooks at all.
        testHooks: true,
        ephemeralState: true,
        timeoutMs: 120_000,
      })
    }
    const target = stack?.url ?? options.target
    const local = stack !== null || isLocal(target)
    const corsOrigins = local
      ? (topLevelVar(wrangler, 'CORS_ALLOWED_ORIGINS') ?? '').split(',').map((o) => o.trim())
      : null
    const report = await runFuzz({
      seed: options.seed,
      requests: options.requests,
      only: options.only,
      target,
      reference: options.reference,
      data: options.data,
      concurrency: options.concurrency,
      timeoutMs: options.timeoutMs,
      maxSeconds: options.maxSeconds,
      operations: operationsOf(bundleSpec()),
      corsOrigins,
      docsUrl: stack?.vars.DOCS_URL ?? (local ? topLevelVar(wrangler, 'DOCS_URL') : null),
      runId: `${options.seed}-${Date.now().toString(36)}`,
      progress: (line) => console.error(line),
      replayArgs: options.reference ? ` --reference ${options.reference}` : '',
    })
    if (!report.hooks.target)
      console.error('fuzz: WARNING the target ignored X-Test-Now: rate limits and "today" are real')
    if (report.hooks.reference === false) console.error('fuzz: WARNING the reference ignored X-Legacy-Now')
    if (options.report) writeFileSync(options.report, JSON.stringify(report, null, 2) + '\n')
    if (options.findings)
      for (const file of writeFindings(options.findings, report)) console.error(`fuzz: wrote ${file}`)
    for (const f of report.findings.slice(0, 15))
      console.log(`  ${f.count}× ${f.signature}\n     replay: ${f.replay}`)
    console.log(summaryLine(report))
    const s = report.summary
    return s.serverErrors + s.hangs + s.transportErrors + s.specViolations + s.differences > 0 ? 1 : 0
  } catch (err) {
    console.error(`fuzz: ${(err as Error).message}`)
    return 2
  } finally {
    await stack?.stop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2))
}
