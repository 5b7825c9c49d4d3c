// The parity harness CLI.
//
//   node parity/cli.ts --fixtures <dir> [--target worker|mock|<base-url>] [--report <file.json>]
//                      [--seed <file.sql>] [--matrix <file.md>] [--only <name,prefix*,…>] [--spec <openapi.yaml>]
//   node parity/cli.ts record --origin <url> --cases <file> --out <dir>
//   node parity/cli.ts reconcile --legacy <url> --worker <url> --requests <file> [--report <file>]
//
// Exit codes: 0 all passed, 1 any failure (or no case run), 2 usage or setup error.
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { setupDatabase } from '../scripts/db/setup.ts'
import { createProgress } from '../scripts/progress.ts'
import { readCases } from './lib/cases-file.ts'
import { loadFixtures } from './lib/fixtures.ts'
import { renderMatrix } from './lib/matrix.ts'
import { reconcileAll } from './lib/reconcile.ts'
import { recordAll } from './lib/record.ts'
import { replayAll } from './lib/replay.ts'
import {
  buildReport,
  describeCase,
  reportFailed,
  summaryLine,
  writeReport,
  type ParityReport,
} from './lib/report.ts'
import { openTarget } from './lib/targets.ts'
import type { CaseResult } from './lib/verdict-types.ts'

const USAGE = `usage:
  parity --fixtures <dir> [--target worker|mock|<base-url>] [--report <file.json>] [--seed <file.sql>] [--matrix <file.md>] [--only <names>]
  parity record --origin <url> --cases <file> --out <dir>
  parity reconcile --legacy <url> --worker <url> --requests <file> [--report <file>]`

class UsageError extends Error {}

function required(values: Record<string, unknown>, name: string): string {
  const v = values[name]
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required`)
  return v
}

/** `--only a,b,analytics-*`: exact names or trailing-* prefixes. */
export function nameFilter(spec: string | undefined): ((name: string) => boolean) | undefined {
  if (!spec) return undefined
  const patterns = spec
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
  return (name) => patterns.some((p) => (p.endsWith('*') ? name.startsWith(p.slice(0, -1)) : name === p))
}

/** Prints each failing case as it ends, with a progress line on stderr between them. */
function caseReporter(total: number): { onCase(result: CaseResult): void; finish(): void } {
  const progress = createProgress('parity')
  let done = 0
  let failed = 0
  return {
    onCase(result) {
      done += 1
      if (!result.pass) failed += 1
      const lines = describeCase(result)
      if (lines.length > 0) progress.interrupt()
      for (const line of lines) console.log(line)
      progress.update(done / total, `${done}/${total} cases, ${failed} failed`)
    },
    finish: () => progress.finish(),
  }
}

function finish(report: ParityReport, reportFile: string | undefined): number {
  for (const p of report.problems) console.log(`✗ fixture problem: ${p}`)
  if (reportFile) writeReport(reportFile, report)
  console.log(summaryLine(report))
  return reportFailed(report) ? 1 : 0
}

async function replayCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      fixtures: { type: 'string' },
      target: { type: 'string', default: 'worker' },
      report: { type: 'string' },
      seed: { type: 'string' },
      matrix: { type: 'string' },
      only: { type: 'string' },
      spec: { type: 'string' },
    },
  })
  const { fixtures, problems } = loadFixtures(required(values, 'fixtures'), nameFilter(values.only))
  if (values.seed) await setupDatabase(values.seed)
  const target = values.target ?? 'worker'
  if (target === 'worker' || target === 'mock')
    console.error(
      `parity: starting the ${target === 'worker' ? 'local stack (wrangler dev)' : 'Prism mock'}…`,
    )
  const open = await openTarget(target, { spec: values.spec })
  const reporter = caseReporter(fixtures.length)
  let cases: CaseResult[]
  try {
    cases = await replayAll(fixtures, open.target, reporter.onCase)
  } finally {
    reporter.finish()
    await open.close()
  }
  const report = buildReport(target, cases, problems)
  if (values.matrix) writeFileSync(values.matrix, renderMatrix(report))
  return finish(report, values.report)
}

async function recordCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { origin: { type: 'string' }, cases: { type: 'string' }, out: { type: 'string' } },
  })
  const fixtures = await recordAll(
    required(values, 'origin'),
    readCases(required(values, 'cases')),
    required(values, 'out'),
  )
  console.log(`parity record: ${fixtures.length} fixtures written to ${values.out}`)
  return 0
}

async function reconcileCommand(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      legacy: { type: 'string' },
      worker: { type: 'string' },
      requests: { type: 'string' },
      report: { type: 'string' },
    },
  })
  const legacy = required(values, 'legacy')
  const worker = required(values, 'worker')
  const requests = readCases(required(values, 'requests'))
  const reporter = caseReporter(requests.length)
  const cases = await reconcileAll(legacy, worker, requests, reporter.onCase)
  reporter.finish()
  return finish(buildReport(`reconcile ${legacy} vs ${worker}`, cases), values.report)
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv
  try {
    if (command === 'record') return await recordCommand(rest)
    if (command === 'reconcile') return await reconcileCommand(rest)
    if (command === '--help' || command === '-h') {
      console.log(USAGE)
      return 0
    }
    return await replayCommand(argv)
  } catch (err) {
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    console.error(`parity: ${(err as Error).message}${usage ? `\n${USAGE}` : ''}`)
    return 2
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2))
}
