// Loads a fixtures directory (in manifest order when there is one) and
// validates every fixture, so a malformed recording fails loudly instead of
// replaying something other than what PHP was asked.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Fixture } from './fixture-types.ts'
import { recordedSteps, type RecordedStep } from './recorded-steps.ts'

/** The recorded PHP answers every test replays (parity/fixtures/). */
export const RECORDED_FIXTURES_DIR = fileURLToPath(new URL('../fixtures/', import.meta.url))

const KNOWN_DEVIATIONS = new Set(['410'])
const METHOD = /^[A-Z]+$/

export interface LoadedFixtures {
  fixtures: Fixture[]
  /** Problems that make the set unusable: invalid files, manifest mismatches. */
  problems: string[]
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** Every problem with one parsed fixture file; empty when it is valid. */
export function validateFixture(value: unknown, fileName: string): string[] {
  const where = (what: string) => `${fileName}: ${what}`
  if (!isRecord(value)) return [where('not a JSON object')]
  const problems: string[] = []
  if (typeof value.name !== 'string' || value.name === '')
    problems.push(where('name must be a non-empty string'))
  else if (`${value.name}.json` !== fileName)
    problems.push(where(`name "${value.name}" does not match the file name`))
  if (typeof value.description !== 'string') problems.push(where('description must be a string'))
  if (typeof value.now !== 'string' || Number.isNaN(Date.parse(value.now)))
    problems.push(where('now must be an ISO 8601 instant'))
  if (value.workerDeviation !== undefined && !KNOWN_DEVIATIONS.has(String(value.workerDeviation))) {
    problems.push(where(`unknown workerDeviation ${JSON.stringify(value.workerDeviation)}`))
  }
  if (!Array.isArray(value.steps) || value.steps.length === 0)
    return [...problems, where('steps must be a non-empty array')]
  value.steps.forEach((step: unknown, i: number) =>
    problems.push(...validateStep(step, (what) => where(`steps[${i}].${what}`))),
  )
  return problems
}

function validateStep(step: unknown, where: (what: string) => string): string[] {
  if (!isRecord(step) || !isRecord(step.request) || !isRecord(step.response))
    return [where('request/response missing')]
  const problems: string[] = []
  const { request, response } = step
  if (typeof request.method !== 'string' || !METHOD.test(request.method))
    problems.push(where('request.method must be an upper-case HTTP method'))
  if (typeof request.path !== 'string' || !request.path.startsWith('/'))
    problems.push(where('request.path must start with /'))
  if (typeof request.query !== 'string' || request.query.startsWith('?'))
    problems.push(where('request.query must be a raw string without "?"'))
  if (!isRecord(request.headers) || !Object.values(request.headers).every((h) => typeof h === 'string')) {
    problems.push(where('request.headers must map names to strings'))
  }
  if (
    !Number.isInteger(response.status) ||
    (response.status as number) < 100 ||
    (response.status as number) > 599
  ) {
    problems.push(where('response.status must be an HTTP status'))
  }
  if (typeof response.contentType !== 'string') problems.push(where('response.contentType must be a string'))
  // bodyBase64 is the recording; bodyText is a reader's convenience and never judged,
  // so a recorder that decodes differently (or leaves it out) cannot fail a case.
  if (typeof response.bodyBase64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(response.bodyBase64)) {
    problems.push(where('response.bodyBase64 must be base64'))
  }
  return problems
}

function readManifestCases(dir: string, files: Set<string>): { order: string[] | null; problems: string[] } {
  if (!files.has('manifest.json')) return { order: null, problems: [] }
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { cases?: unknown }
  if (!Array.isArray(manifest.cases))
    return { order: null, problems: ['manifest.json: cases must be an array'] }
  const order = manifest.cases.map(String)
  const problems = order
    .filter((name) => !files.has(`${name}.json`))
    .map((name) => `manifest.json lists "${name}" but ${name}.json is missing`)
  const listed = new Set(order)
  for (const file of files) {
    if (file !== 'manifest.json' && !listed.has(file.replace(/\.json$/, '')))
      problems.push(`${file} is not listed in manifest.json`)
  }
  return { order, problems }
}

export function loadFixtures(dir: string, only?: (name: string) => boolean): LoadedFixtures {
  const files = new Set(readdirSync(dir).filter((f) => f.endsWith('.json')))
  const { order, problems } = readManifestCases(dir, files)
  const names =
    order ??
    [...files]
      .filter((f) => f !== 'manifest.json')
      .map((f) => f.replace(/\.json$/, ''))
      .sort()
  const fixtures: Fixture[] = []
  for (const name of names) {
    if (only && !only(name)) continue
    const file = `${name}.json`
    if (!files.has(file)) continue
    let parsed: unknown
    try {
      parsed = JSON.parse(readFileSync(join(dir, file), 'utf8'))
    } catch (err) {
      problems.push(`${file}: invalid JSON (${(err as Error).message})`)
      continue
    }
    const invalid = validateFixture(parsed, file)
    if (invalid.length > 0) problems.push(...invalid)
    else fixtures.push(parsed as Fixture)
  }
  return { fixtures, problems }
}

let recorded: RecordedStep[] | undefined

/** Every step of the recorded fixtures (parity/fixtures/, manifest order), read once per process. */
export function recordedFixtureSteps(): RecordedStep[] {
  if (!recorded) {
    const { fixtures, problems } = loadFixtures(RECORDED_FIXTURES_DIR)
    if (problems.length > 0) throw new Error(`parity/fixtures is unusable:\n${problems.join('\n')}`)
    recorded = recordedSteps(fixtures)
  }
  return recorded
}
