// The shape of the code, drawn from its imports (issue 10): no circle, the two
// Workers share only packages/ (never each other's source), no file under
// src/ exists only for tests, and the production Worker pulls in neither
// node:fs nor a devDependency nor anything from tests/.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ImportGraph, packageName, sourceFiles } from '../support/imports/import-graph.ts'

const root = fileURLToPath(new URL('../../', import.meta.url))
const graph = new ImportGraph(root)
const isTest = (file: string) => file.endsWith('.test.ts') || file.includes('/test/')

const SRC = sourceFiles(root, 'src', (f) => !isTest(f))
const PACKAGES = sourceFiles(root, 'packages', (f) => !f.includes('node_modules') && !isTest(f))
const SERVICES = ['auth-helper', 'log-tail'].flatMap((s) => sourceFiles(root, `services/${s}/src`))
const ALL = [...SRC, ...PACKAGES, ...SERVICES]

const manifest = (path: string) =>
  JSON.parse(readFileSync(`${root}${path}`, 'utf8')) as {
    dependencies?: Record<string, string>
    devDependencies?: Record<string, string>
  }
const rootManifest = manifest('package.json')
const kitManifest = manifest('packages/worker-kit/package.json')
const DEPENDENCIES = new Set([
  ...Object.keys(rootManifest.dependencies ?? {}),
  ...Object.keys(kitManifest.dependencies ?? {}),
])
const DEV_DEPENDENCIES = new Set(Object.keys(rootManifest.devDependencies ?? {}))

/** Whether an import leaves its Worker for the other one, or makes the shared package depend on a Worker. */
function crosses(from: string, target: string): boolean {
  const worker = (file: string) =>
    file.startsWith('src/') ? 'api' : file.startsWith('services/') ? file.split('/')[1]! : null
  if (from.startsWith('packages/')) return target.startsWith('src/') || target.startsWith('services/')
  const a = worker(from)
  const b = worker(target)
  return a !== null && b !== null && a !== b
}

const edgesFrom = (files: readonly string[]) =>
  files.flatMap((from) => graph.importsOf(from).map((edge) => ({ from, ...edge })))

describe('the import graph of src/, packages/ and services/*/src', () => {
  it('reads the files it should (the drawing is not empty)', () => {
    expect(SRC.length).toBeGreaterThan(40)
    expect(PACKAGES.length).toBeGreaterThan(5)
    expect(SERVICES.length).toBeGreaterThan(5)
    expect(graph.importsOf('src/index.ts').map((e) => e.target)).toContain('src/app.ts')
  })

  it('has no circle through runtime imports', () => {
    expect(graph.cycles(ALL, false)).toEqual([])
  })

  it('has no circle through type imports either', () => {
    expect(graph.cycles(ALL, true)).toEqual([])
  })

  it('never imports services/ from src/, src/ from services/, or either from packages/', () => {
    const crossings = edgesFrom(ALL).filter(
      ({ from, target, external }) => !external && crosses(from, target),
    )
    expect(crossings).toEqual([])
  })

  it('tells a crossing from a shared import', () => {
    expect(crosses('src/app.ts', 'services/auth-helper/src/verify.ts')).toBe(true)
    expect(crosses('services/auth-helper/src/index.ts', 'src/env.ts')).toBe(true)
    expect(crosses('packages/worker-kit/src/db/client.ts', 'src/env.ts')).toBe(true)
    expect(crosses('services/log-tail/src/index.ts', 'services/auth-helper/src/verify.ts')).toBe(true)
    const shared = graph
      .importsOf('services/auth-helper/src/index.ts')
      .filter((e) => e.target.startsWith('packages/'))
    expect(shared.length).toBeGreaterThan(0)
    for (const edge of shared) expect(crosses('services/auth-helper/src/index.ts', edge.target)).toBe(false)
  })
})

describe('what the production entry (src/index.ts) pulls in', () => {
  const reached = graph.reachable(['src/index.ts'], true)

  it('is every file under src/: none exists only for tests', () => {
    // Declaration files (src/ambient.d.ts) hold ambient types only: nothing imports them, by design.
    expect(SRC.filter((file) => !reached.has(file) && !file.endsWith('.d.ts'))).toEqual([])
  })

  it('holds nothing from tests/ (the test hooks live in tests/support/test-entry.ts)', () => {
    const production = (file: string) => /^(src|packages|generated)\//.test(file)
    expect([...reached].filter((file) => !production(file))).toEqual([])
    expect(graph.reachable(['tests/support/test-entry.ts'], false).has('src/app.ts')).toBe(true)
  })

  it('imports neither node:fs nor a devDependency, only declared dependencies and runtime modules', () => {
    const external = edgesFrom([...reached]).filter((edge) => edge.external)
    const refused = external.filter(({ target }) => {
      if (/^(node:)?fs(\/|$)/.test(target)) return true
      if (target.startsWith('cloudflare:') || target.startsWith('node:')) return false
      const name = packageName(target)
      return DEV_DEPENDENCIES.has(name) || !DEPENDENCIES.has(name)
    })
    expect(refused).toEqual([])
    expect(external.map((e) => packageName(e.target))).toEqual(expect.arrayContaining(['hono', 'mysql2']))
  })
})
