// npm run reliability [-- --check]
// Writes docs/reliability.md from the JSON reports in docs/reliability/
// (inputs.ts says which). --check fails (exit 1) when the committed doc is
// not what the reports give.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { FUZZ_RUNS, LEAD_FILES, type ReliabilityInputs } from './inputs.ts'
import { renderReliability } from './render.ts'

const ROOT = join(import.meta.dirname, '../../')
export const REPORTS_DIR = join(ROOT, 'docs/reliability')
export const DOC = join(ROOT, 'docs/reliability.md')

function readJson<T>(dir: string, file: string): T | null {
  const path = join(dir, file)
  if (!existsSync(path)) return null
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as T
  } catch (err) {
    throw new Error(`docs/reliability/${file} is not valid JSON: ${(err as Error).message}`, { cause: err })
  }
}

export function readInputs(dir = REPORTS_DIR): ReliabilityInputs {
  return {
    fuzz: FUZZ_RUNS.map(({ file, title }) => ({ file, title, report: readJson(dir, file) })),
    authCost: readJson(dir, LEAD_FILES.authCost),
    faults: readJson(dir, LEAD_FILES.faults),
    load: readJson(dir, LEAD_FILES.load),
  }
}

function main(argv: string[]): number {
  try {
    const doc = renderReliability(readInputs())
    if (argv.includes('--check')) {
      const current = existsSync(DOC) ? readFileSync(DOC, 'utf8') : ''
      if (current === doc) return 0
      console.error('docs/reliability.md is out of date: run `npm run reliability`')
      return 1
    }
    writeFileSync(DOC, doc)
    console.log(`wrote ${DOC}`)
    return 0
  } catch (err) {
    console.error(`reliability: ${(err as Error).message}`)
    return 2
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2))
