// Runs the fault suite (vitest project `faults`, tests/faults/) and joins each
// case's result with the observation it recorded: the rows of the fault table.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { OBSERVATIONS_ENV, readObservations, type Observation } from './observations.ts'

export interface FaultCase {
  /** The test file, from the repository root. */
  file: string
  test: string
  passed: boolean
  /** `faults-N` for a case that pins a defect the suite found (its title ends with the tag). */
  bug: string | null
  observation: Observation | null
  /** The first line of the failure, for a case that failed. */
  failure: string | null
}

interface VitestReport {
  testResults: {
    name: string
    assertionResults: { ancestorTitles: string[]; title: string; status: string; failureMessages: string[] }[]
  }[]
}

/** First line of a failure, without colour codes. */
const firstLine = (message: string) =>
  message
    // eslint-disable-next-line no-control-regex -- terminal colour codes in vitest's messages
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')[0]!
    .slice(0, 300)

export function runFaultSuite(root: string, portBase: number): { cases: FaultCase[]; exitCode: number } {
  const dir = mkdtempSync(join(tmpdir(), 'adv-faults-suite-'))
  try {
    const report = join(dir, 'vitest.json')
    const observations = join(dir, 'observations.jsonl')
    const run = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules/vitest/vitest.mjs'),
        'run',
        '--project',
        'faults',
        '--reporter=default',
        '--reporter=json',
        `--outputFile.json=${report}`,
      ],
      {
        cwd: root,
        stdio: ['ignore', 'inherit', 'inherit'],
        env: { ...process.env, [OBSERVATIONS_ENV]: observations, FAULTS_PORT_BASE: String(portBase) },
      },
    )
    const seen = new Map(readObservations(observations).map((o) => [o.test, o]))
    const results = (JSON.parse(readFileSync(report, 'utf8')) as VitestReport).testResults.flatMap((file) =>
      file.assertionResults.map((result) => ({ file: relative(root, file.name), ...result })),
    )
    const cases = results.map((result) => {
      const test = [...result.ancestorTitles, result.title].join(' > ')
      return {
        file: result.file,
        test,
        passed: result.status === 'passed',
        bug: /\((faults-\d+)\)$/.exec(result.title)?.[1] ?? null,
        observation: seen.get(test) ?? null,
        failure: result.failureMessages[0] ? firstLine(result.failureMessages[0]) : null,
      }
    })
    return { cases, exitCode: run.status ?? 1 }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
