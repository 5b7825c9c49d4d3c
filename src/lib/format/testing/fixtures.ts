// Test support: the recorded PHP responses (parity/fixtures), decoded. Node-only.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const FIXTURE_DIR = join(import.meta.dirname, '../../../../parity/fixtures/')

export interface RecordedStep {
  /** `<fixture name>#<step index>` */
  readonly id: string
  readonly fixture: string
  readonly path: string
  readonly query: string
  /** Request headers with lower-cased names. */
  readonly headers: Readonly<Record<string, string>>
  readonly now: string
  readonly status: number
  readonly contentType: string
  readonly body: Uint8Array
  readonly workerDeviation?: string
}

interface FixtureFile {
  now: string
  steps: {
    request: { path: string; query: string; headers?: Record<string, string> }
    response: { status: number; contentType: string; bodyBase64: string }
  }[]
  workerDeviation?: string
}

let cache: RecordedStep[] | undefined

/** Every step of every fixture, in file-name order. */
export function recordedSteps(): RecordedStep[] {
  cache ??= readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'manifest.json')
    .sort()
    .flatMap((file) => {
      const fixture = file.slice(0, -'.json'.length)
      const data = JSON.parse(readFileSync(FIXTURE_DIR + file, 'utf8')) as FixtureFile
      return data.steps.map((step, i) => ({
        id: `${fixture}#${i}`,
        fixture,
        path: step.request.path,
        query: step.request.query,
        headers: Object.fromEntries(
          Object.entries(step.request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
        ),
        now: data.now,
        status: step.response.status,
        contentType: step.response.contentType,
        body: new Uint8Array(Buffer.from(step.response.bodyBase64, 'base64')),
        ...(data.workerDeviation === undefined ? {} : { workerDeviation: data.workerDeviation }),
      }))
    })
  return cache
}

export const utf8 = (bytes: Uint8Array) => new TextDecoder().decode(bytes)

export const isJsonStep = (s: RecordedStep) => s.contentType.startsWith('application/json')

/** The request without its `format` parameter: steps sharing it differ only in format. */
export function requestKeyWithoutFormat(step: RecordedStep): string {
  const params = step.query.split('&').filter((p) => p !== '' && !/^format=/i.test(p))
  const headers = Object.entries(step.headers).sort(([a], [b]) => a.localeCompare(b))
  return JSON.stringify([step.now, step.path, params, headers, step.status])
}
