// openapi.yaml lints clean, and the drift check catches a spec edited without regenerating and
// an extracted example that no longer matches its recorded fixture.
import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { load } from 'js-yaml'
import { afterAll, describe, expect, it } from 'vitest'
import { bin, repoRoot } from './contract-support.ts'
import { ENDPOINTS } from '../../src/endpoints/registry.ts'

const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' }

describe('npm run lint:spec', () => {
  it('finds no errors and no warnings in openapi.yaml', () => {
    const result = spawnSync(bin('redocly'), ['lint'], { cwd: repoRoot, env, encoding: 'utf8' })
    const output = result.stdout + result.stderr
    expect(output).toContain('Your API description is valid')
    expect(output).not.toMatch(/warning/i)
    expect(result.status).toBe(0)
  })
})

describe('npm run check:generated', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'adv-spec-test-'))
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  const check = (spec: string, ...extra: string[]) =>
    spawnSync(process.execPath, ['scripts/generate/check.ts', '--spec', spec, ...extra], {
      cwd: repoRoot,
      env,
      encoding: 'utf8',
    })

  it('passes on the committed spec and generated/', () => {
    const result = check(join(repoRoot, 'openapi.yaml'))
    expect(result.stdout).toContain(
      'generated/, sdk/src/generated/ and the extracted examples are up to date',
    )
    expect(result.status).toBe(0)
  }, 90_000)

  it('fails, naming the stale files, when openapi.yaml is edited without regenerating', () => {
    cpSync(join(repoRoot, 'openapi.yaml'), join(scratch, 'openapi.yaml'))
    cpSync(join(repoRoot, 'spec'), join(scratch, 'spec'), { recursive: true })
    const edited = readFileSync(join(scratch, 'openapi.yaml'), 'utf8').replace(
      'title: Adventive Public API',
      'title: Adventive Public API (edited)',
    )
    writeFileSync(join(scratch, 'openapi.yaml'), edited)
    const result = check(join(scratch, 'openapi.yaml'))
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('run `npm run generate`')
    expect(result.stderr).toContain('docs/openapi.yaml')
  }, 90_000)

  it('fails, naming the example, when a recorded fixture changed and its example was not re-extracted', () => {
    const fixtures = join(scratch, 'fixtures')
    cpSync(join(repoRoot, 'parity/fixtures'), fixtures, { recursive: true })
    const file = join(fixtures, 'credentialscheck-json.json')
    const recorded = JSON.parse(readFileSync(file, 'utf8')) as {
      steps: { response: { bodyBase64: string } }[]
    }
    recorded.steps[0]!.response.bodyBase64 = Buffer.from('{"status":true,"re-recorded":1}').toString('base64')
    writeFileSync(file, JSON.stringify(recorded))
    const result = check(join(repoRoot, 'openapi.yaml'), '--fixtures', fixtures)
    expect(result.status).toBe(1)
    expect(result.stderr).toContain('spec/examples is out of date')
    expect(result.stderr).toMatch(/^ {2}CredentialsCheckJson\.yaml$/m)
    // The spec itself did not change, so generated/ is not what failed.
    expect(result.stderr).not.toContain('generated/ is out of date')
  }, 90_000)

  it('fails, naming the example, when an extracted example is edited by hand', () => {
    const copy = join(scratch, 'hand-edited')
    cpSync(join(repoRoot, 'openapi.yaml'), join(copy, 'openapi.yaml'))
    cpSync(join(repoRoot, 'spec'), join(copy, 'spec'), { recursive: true })
    const example = join(copy, 'spec/examples/AdvertisersJson.yaml')
    writeFileSync(example, readFileSync(example, 'utf8').replace('Active advertisers', 'Advertisers'))
    const result = check(join(copy, 'openapi.yaml'))
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/^ {2}AdvertisersJson\.yaml$/m)
  }, 90_000)
})

describe('the bundled contract', () => {
  const bundled = load(
    execFileSync(bin('redocly'), ['bundle', 'openapi.yaml'], { cwd: repoRoot, env, encoding: 'utf8' }),
  ) as {
    paths: Record<string, { get: { operationId: string; summary: string; tags: string[] } }>
  }

  it('describes every legacy endpoint at its bare, /v1.0 and /v2.0 path, plus the service routes', () => {
    const endpoints = ENDPOINTS.map((e) => e.name).sort()
    expect(Object.keys(bundled.paths).sort()).toEqual(
      [
        ...endpoints.flatMap((e) => [`/${e}`, `/v1.0/${e}`, `/v2.0/${e}`]),
        '/__health',
        '/openapi.yaml',
        '/docs',
      ].sort(),
    )
  })

  it('names operations in camelCase, unique, with V1/V2 suffixes on the prefixed paths', () => {
    const ids = Object.entries(bundled.paths).map(([path, item]) => [path, item.get.operationId] as const)
    for (const [path, id] of ids) {
      expect(id).toMatch(/^[a-z][a-zA-Z0-9]*$/)
      if (path.startsWith('/v1.0/')) expect(id).toMatch(/V1$/)
      if (path.startsWith('/v2.0/')) expect(id).toMatch(/V2$/)
    }
    expect(new Set(ids.map(([, id]) => id)).size).toBe(ids.length)
    expect(bundled.paths['/v2.0/analytics']?.get.operationId).toBe('getAnalyticsV2')
  })

  it('never uses the OpenAPI 3.0 nullable keyword', () => {
    expect(readFileSync(join(repoRoot, 'openapi.yaml'), 'utf8') + JSON.stringify(bundled)).not.toMatch(
      /"?nullable"?:/,
    )
  })
})
