// Runs the whole vitest suite (all projects) and writes its totals as
// {"passed":N,"failed":M} for scripts/test.sh's closing line. Exit code is
// vitest's own.
//   node scripts/run-vitest.ts <totals.json> [extra vitest args]
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../', import.meta.url))
const [totalsFile = root + 'test-results/vitest-totals.json', ...extra] = process.argv.slice(2)
const report = root + 'test-results/vitest.json'

const run = spawnSync(
  process.execPath,
  [
    root + 'node_modules/vitest/vitest.mjs',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...extra,
  ],
  { stdio: 'inherit', cwd: root },
)

let passed = 0
let failed = run.status === 0 ? 0 : 1
if (existsSync(report)) {
  const r = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number }
  passed = r.numPassedTests
  failed = r.numFailedTests + (run.status !== 0 && r.numFailedTests === 0 ? 1 : 0)
}
writeFileSync(totalsFile, JSON.stringify({ passed, failed }))
process.exit(run.status ?? 1)
