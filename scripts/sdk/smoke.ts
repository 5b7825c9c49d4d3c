// npm run sdk:smoke -- <local|mock|base-url>... [--report totals.json]
//
// Packs the SDK (sdk/, `npm pack`), installs the tarball into an empty project in a temp
// directory — as a partner would, with no access to this repository's source — and runs the
// README's examples (the code blocks marked `<!-- smoke:<id> -->` in the README the tarball
// ships) against each target, with the assertions of smoke-checks.ts appended:
//   local     the local stack (both Workers in wrangler dev, the demo data already loaded)
//   mock      the integrators' mock (scripts/mock/), in process
//   <url>     any deployment; credentials from SMOKE_INTEGRATION_KEY / SMOKE_API_KEY
// The retry example runs through a local proxy that answers its first request 429 with
// `Retry-After: 1` (retry-proxy.ts); local and mock also get the rph-3 demo key's own 429.
// Prints one line per check, writes {"passed":N,"failed":M} to --report, exits 1 on a failure.
import { spawn, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { startLocalStack } from '../local-stack.ts'
import { DEMO_CREDENTIALS } from '../mock/demo-credentials.ts'
import { startMock } from '../mock/server.ts'
import { loadMockSpec } from '../mock/spec-examples.ts'
import { partnerTsconfig } from './partner-tsconfig.ts'
import { readmeExamples } from './readme-examples.ts'
import { startRetryProxy } from './retry-proxy.ts'
import { OWN_LIMIT_CHECK, README_CHECKS, SETUP_EXAMPLE } from './smoke-checks.ts'

const ROOT = join(import.meta.dirname, '../..')
const PACKAGE = '@adventive/public-api-client'
const EXAMPLE_TIMEOUT_MS = 60_000

interface Target {
  label: string
  url: string
  credentials: { integrationKey: string; apiKey: string }
  /** The JSON and CSV answers come from the same data (not the mock's separate examples). */
  sameData: boolean
  /** The rph-3 demo key exists there. */
  demoKeys: boolean
  close(): Promise<void>
}

const results: { name: string; ok: boolean }[] = []
function record(name: string, ok: boolean, detail = ''): boolean {
  results.push({ name, ok })
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}`)
  if (!ok && detail) console.log(detail.replace(/^/gm, '     '))
  return ok
}

function run(command: string, args: string[], cwd: string): { ok: boolean; stdout: string; output: string } {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, npm_config_loglevel: 'error' },
  })
  const exit = result.status === 0 ? '' : `\n(exit ${result.status ?? result.signal})`
  return {
    ok: result.status === 0,
    stdout: result.stdout,
    output: `${result.stdout}${result.stderr}`.trim() + exit,
  }
}

/** Runs one example file; a hang past the timeout is a failure. Async: the mock and the proxy live in this process. */
function runExample(
  file: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ ok: boolean; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--no-warnings', file], { cwd, env })
    let output = ''
    child.stdout.on('data', (c: Buffer) => (output += c.toString()))
    child.stderr.on('data', (c: Buffer) => (output += c.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), EXAMPLE_TIMEOUT_MS)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({
        ok: code === 0,
        output: code === null ? `${output}\n(killed after ${EXAMPLE_TIMEOUT_MS / 1000} s)` : output,
      })
    })
  })
}

async function openTarget(spec: string): Promise<Target> {
  const [main] = DEMO_CREDENTIALS
  const demo = { integrationKey: main!.integrationKey, apiKey: main!.apiKey }
  if (spec === 'local') {
    const stack = await startLocalStack({ seed: null, ephemeralState: true })
    return {
      label: 'local',
      url: stack.url,
      credentials: demo,
      sameData: true,
      demoKeys: true,
      close: () => stack.stop(),
    }
  }
  if (spec === 'mock') {
    const mock = await startMock({ spec: loadMockSpec(join(ROOT, 'openapi.yaml')) })
    return {
      label: 'mock',
      url: mock.url,
      credentials: demo,
      sameData: false,
      demoKeys: true,
      close: () => mock.stop(),
    }
  }
  const url = new URL(spec)
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`not an http(s) URL: ${spec}`)
  const integrationKey = process.env.SMOKE_INTEGRATION_KEY
  const apiKey = process.env.SMOKE_API_KEY
  if (!integrationKey || !apiKey) throw new Error(`${spec}: set SMOKE_INTEGRATION_KEY and SMOKE_API_KEY`)
  return {
    label: spec,
    url: spec.replace(/\/$/, ''),
    credentials: { integrationKey, apiKey },
    sameData: true,
    demoKeys: false,
    close: async () => {},
  }
}

/** Packs sdk/ and installs the tarball into a fresh project; the project's directory, or null. */
function installPackedSdk(scratch: string): string | null {
  const pack = run('npm', ['pack', '--pack-destination', scratch, '--json'], join(ROOT, 'sdk'))
  let tarball = ''
  try {
    const [packed] = JSON.parse(pack.stdout.slice(pack.stdout.search(/^\[/m))) as { filename: string }[]
    tarball = join(scratch, packed!.filename)
  } catch {
    // Reported below with npm's output.
  }
  if (
    !record(
      'npm pack in sdk/ gives the tarball',
      pack.ok && tarball !== '',
      `${pack.output}\n(tarball: ${tarball || 'none'})`,
    )
  )
    return null
  const project = join(scratch, 'partner-project')
  mkdirSync(join(project, 'examples'), { recursive: true })
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'partner-project', private: true, type: 'module' }),
  )
  const typesNode = (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>
    }
  ).devDependencies['@types/node']
  const install = run(
    'npm',
    [
      'install',
      tarball,
      `@types/node@${typesNode}`,
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--no-package-lock',
    ],
    project,
  )
  return record(`npm install <tarball> into an empty project (${PACKAGE})`, install.ok, install.output)
    ? project
    : null
}

/** Writes each README example (setup first, checks after) into examples/; their ids. */
function writeExamples(project: string): string[] | null {
  const readme = readFileSync(join(project, 'node_modules', PACKAGE, 'README.md'), 'utf8')
  let examples
  try {
    examples = readmeExamples(readme)
  } catch (error) {
    record('the README shipped in the tarball has its examples', false, (error as Error).message)
    return null
  }
  const setup = examples.find((e) => e.id === SETUP_EXAMPLE)
  const missing = [SETUP_EXAMPLE, ...Object.keys(README_CHECKS)].filter(
    (id) => !examples.some((e) => e.id === id),
  )
  const unchecked = examples
    .filter((e) => e.id !== SETUP_EXAMPLE && !(e.id in README_CHECKS))
    .map((e) => e.id)
  const complete = missing.length === 0 && unchecked.length === 0
  if (
    !record(
      'the README shipped in the tarball has every checked example',
      complete && setup !== undefined,
      `missing: ${missing.join(', ') || 'none'}; without checks: ${unchecked.join(', ') || 'none'}`,
    )
  )
    return null
  const ids: string[] = []
  for (const example of examples) {
    if (example.id === SETUP_EXAMPLE) continue
    const code = [
      setup!.code,
      example.code,
      "import assert from 'node:assert/strict'",
      README_CHECKS[example.id]!,
      '',
    ].join('\n')
    writeFileSync(join(project, 'examples', `${example.id}.ts`), code)
    ids.push(example.id)
  }
  writeFileSync(join(project, 'examples', 'own-limit.ts'), OWN_LIMIT_CHECK)
  writeFileSync(
    join(project, 'tsconfig.json'),
    partnerTsconfig(['examples'], { module: 'NodeNext', moduleResolution: 'NodeNext' }),
  )
  return ids
}

async function smokeTarget(target: Target, project: string, ids: string[]): Promise<void> {
  const baseEnv = {
    ...process.env,
    ADVENTIVE_BASE_URL: target.url,
    ADVENTIVE_INTEGRATION_KEY: target.credentials.integrationKey,
    ADVENTIVE_API_KEY: target.credentials.apiKey,
    SMOKE_SAME_DATA: target.sameData ? '1' : '0',
  }
  for (const id of ids) {
    const file = join('examples', `${id}.ts`)
    if (id !== 'retry') {
      const result = await runExample(file, project, baseEnv)
      record(`${target.label}: README example "${id}"`, result.ok, result.output)
      continue
    }
    const proxy = await startRetryProxy(target.url)
    try {
      const result = await runExample(file, project, { ...baseEnv, ADVENTIVE_BASE_URL: proxy.url })
      const { requests, refused } = proxy.stats()
      record(
        `${target.label}: README example "retry" (a 429 with Retry-After: 1 from the proxy, then the target)`,
        result.ok && requests === 2 && refused === 1,
        `${result.output}\nproxy saw ${requests} requests, answered ${refused} with 429`,
      )
    } finally {
      await proxy.stop()
    }
  }
  if (target.demoKeys) {
    const rph3 = DEMO_CREDENTIALS.find((c) => c.rph === 3)!
    const result = await runExample(join('examples', 'own-limit.ts'), project, {
      ...baseEnv,
      SMOKE_RPH3_INTEGRATION_KEY: rph3.integrationKey,
      SMOKE_RPH3_API_KEY: rph3.apiKey,
    })
    record(
      `${target.label}: its own 429 (rph-3 demo key) rejects at once when Retry-After exceeds maxWaitMs`,
      result.ok,
      result.output,
    )
  }
}

async function main(): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ allowPositionals: true, options: { report: { type: 'string' } } })
  } catch (error) {
    console.error((error as Error).message)
    parsed = null
  }
  if (!parsed || parsed.positionals.length === 0) {
    console.error('usage: npm run sdk:smoke -- <local|mock|base-url>... [--report totals.json]')
    return 2
  }
  const scratch = mkdtempSync(join(tmpdir(), 'adv-sdk-smoke-'))
  try {
    const project = installPackedSdk(scratch)
    const ids = project && writeExamples(project)
    if (project && ids) {
      const tsc = run(join(ROOT, 'node_modules/.bin/tsc'), ['-p', project], project)
      record('the README examples type-check against the installed package', tsc.ok, tsc.output)
      for (const spec of parsed.positionals) {
        let target: Target
        try {
          target = await openTarget(spec)
        } catch (error) {
          record(`${spec}: target starts`, false, (error as Error).message)
          continue
        }
        try {
          await smokeTarget(target, project, ids)
        } finally {
          await target.close()
        }
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
  const passed = results.filter((r) => r.ok).length
  const failed = results.length - passed
  if (parsed.values.report) writeFileSync(parsed.values.report, JSON.stringify({ passed, failed }))
  console.log(`sdk smoke: ${passed} passed, ${failed} failed`)
  return failed === 0 ? 0 : 1
}

process.exitCode = await main()
