// The published spec's x-codeSamples: one curl and one SDK sample per operation, and every
// SDK sample compiles against the SDK's source (so a renamed method or parameter fails here).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { load } from 'js-yaml'
import { afterAll, describe, expect, it } from 'vitest'
import { partnerTsconfig } from '../sdk/partner-tsconfig.ts'
import type { CodeSample } from './code-samples.ts'
import { repoRoot } from './run-tool.ts'

/** The published spec the Worker serves at /openapi.yaml (generated/docs/, a static asset). */
const openApiYaml = readFileSync(new URL('../../generated/docs/openapi.yaml', import.meta.url), 'utf8')

interface Published {
  paths: Record<string, { get: { security?: unknown[]; 'x-codeSamples'?: CodeSample[] } }>
}
const published = load(openApiYaml) as Published
const operations = Object.entries(published.paths)

describe('x-codeSamples in the published spec', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'adv-code-samples-'))
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))

  it('gives every operation a curl and an SDK sample', () => {
    expect(operations.length).toBe(24)
    for (const [path, item] of operations) {
      const samples = item.get['x-codeSamples'] ?? []
      expect(
        samples.map((s) => s.label),
        path,
      ).toEqual(['curl', 'SDK'])
      const curl = samples[0]!.source
      expect(curl, path).toContain(`'https://api.adventive.com${path}`)
      const secured = (item.get.security ?? [{}]).length > 0
      expect(curl.includes('X-Api-Key: $ADVENTIVE_API_KEY'), path).toBe(secured)
    }
  })

  it('has SDK samples that compile against the SDK', () => {
    for (const [i, [, item]] of operations.entries()) {
      writeFileSync(join(scratch, `sample-${i}.ts`), item.get['x-codeSamples']![1]!.source + '\nexport {}\n')
    }
    writeFileSync(
      join(scratch, 'tsconfig.json'),
      partnerTsconfig(['*.ts'], {
        module: 'ESNext',
        moduleResolution: 'Bundler',
        typeRoots: [join(repoRoot, 'node_modules/@types')],
        paths: { '@adventive/public-api-client': [join(repoRoot, 'sdk/src/index.ts')] },
      }),
    )
    expect(readdirSync(scratch).filter((f) => f.startsWith('sample-'))).toHaveLength(operations.length)
    const tsc = spawnSync(join(repoRoot, 'node_modules/.bin/tsc'), ['-p', scratch], { encoding: 'utf8' })
    expect(tsc.stdout + tsc.stderr).toBe('')
    expect(tsc.status).toBe(0)
  }, 60_000)

  it('lives only in the generated bundle, never in spec/', () => {
    const specFiles = readdirSync(join(repoRoot, 'spec'), { recursive: true, encoding: 'utf8' })
    for (const file of specFiles.filter((f) => f.endsWith('.yaml'))) {
      expect(readFileSync(join(repoRoot, 'spec', file), 'utf8'), file).not.toContain('x-codeSamples')
    }
  })
})
