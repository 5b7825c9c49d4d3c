// Every recorded legacy response is described by openapi.yaml: its status is listed for the
// operation, its content type too, and a JSON body validates against the response schema.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { bin, repoRoot } from './contract-support.ts'

type Json = Record<string, unknown>
interface Recorded {
  workerDeviation?: string
  steps: {
    request: { method: string; path: string; query: string }
    response: { status: number; contentType: string; bodyText: string }
  }[]
}

const spec = JSON.parse(
  execFileSync(bin('redocly'), ['bundle', 'openapi.yaml', '--dereferenced', '--ext', 'json'], {
    cwd: repoRoot,
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  }),
) as {
  paths: Record<string, { get: { responses: Record<string, { content: Record<string, { schema: Json }> }> } }>
}

const ajv = new Ajv2020({ strict: false, allErrors: true })
addFormats.default(ajv)

const fixturesDir = join(repoRoot, 'parity/fixtures')
const steps = readdirSync(fixturesDir)
  .filter((name) => name.endsWith('.json') && name !== 'manifest.json')
  .flatMap((name) => {
    const recorded = JSON.parse(readFileSync(join(fixturesDir, name), 'utf8')) as Recorded
    // 410 fixtures hold the legacy php/serialized body the Worker no longer serves.
    if (recorded.workerDeviation) return []
    return recorded.steps.map((step, index) => ({ name: `${name.replace(/\.json$/, '')}#${index}`, ...step }))
  })

const cleanPath = (path: string) => '/' + path.split('/').filter(Boolean).join('/')

describe('the recorded legacy responses', () => {
  const described = steps.filter((s) => s.request.method === 'GET' && spec.paths[cleanPath(s.request.path)])

  it('include every operation of the spec but the service routes', () => {
    const covered = new Set(described.map((s) => cleanPath(s.request.path).replace(/^\/v[12]\.0/, '')))
    expect([...covered].sort()).toEqual([
      '/advertisers',
      '/analytics',
      '/campaigns',
      '/clickthroughs',
      '/connector',
      '/credentialscheck',
      '/dataconnector',
    ])
  })

  it.each(described.map((s) => [s.name, s] as const))('%s is described by openapi.yaml', (_, step) => {
    const operation = spec.paths[cleanPath(step.request.path)]!.get
    const response = operation.responses[String(step.response.status)]
    expect(response, `status ${step.response.status} listed`).toBeDefined()
    const media = response!.content[step.response.contentType]
    expect(media, `content type ${step.response.contentType} listed`).toBeDefined()
    if (step.response.contentType.startsWith('application/json')) {
      const validate = ajv.compile(media!.schema)
      const valid = validate(JSON.parse(step.response.bodyText))
      expect(validate.errors ?? [], 'schema errors').toEqual([])
      expect(valid).toBe(true)
    } else {
      expect(media!.schema.type).toBe('string')
    }
  })
})
