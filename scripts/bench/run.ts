// npm run bench [-- --reference <url> [--reference-pid <pid>]] [--requests 400] [--concurrency 1,8,16]
//                  [--endpoint-requests 100] [--rounds 3] [--scale 9 | --skip-scale] [--profile]
//
// Measures the local stack (scripts/stack/workerd-stack.ts: the production
// bundles on workerd) and, with --reference, another origin (the PHP
// reference of shared/legacy/origin/) side by side: same machine, same
// MariaDB, same data, same requests, one run. Writes docs/benchmarks.md,
// docs/benchmarks.json and docs/benchmarks-ratios.svg. A command, not a
// test: the numbers are this machine's.
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { cpus, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'
import { adminTarget } from '../db/connection.ts'
import { dryRun } from '../dry-run.ts'
import { freePort, startServiceProcess, waitUntilServing } from '../../parity/lib/service-process.ts'
import { ratioChart } from './chart.ts'
import { captureProfile, topCosts } from './cpu-profile.ts'
import { loadDemo, loadScale, restoreDemo } from './dataset.ts'
import { drive, mergeRuns, type DriveRun, type Measured } from './drive.ts'
import { fetchLarge, type LargeBody } from './large-bodies.ts'
import { cpuMs, listenerPid, named, processTree, serverRoot, settle } from './processes.ts'
import { markdown, type BenchResults, type SideResults } from './report.ts'
import { LARGE, MIX, TRIVIAL } from './requests.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

function arg(argv: string[], name: string): string | undefined {
  const at = argv.indexOf(`--${name}`)
  return at >= 0 ? argv[at + 1] : undefined
}

const progress = (line: string) => process.stderr.write(`bench: ${line}\n`)

/** Rounds of every request before anything is measured. */
const WARM_UP_ROUNDS = 30

interface Target {
  label: string
  url: string
  measured: Measured
}

async function startStack(extraArgs: string[] = []) {
  const port = await freePort()
  const service = startServiceProcess(
    process.execPath,
    [ROOT + 'scripts/stack/workerd-stack.ts', '--port', String(port), ...extraArgs],
    { cwd: ROOT, env: process.env },
  )
  const url = `http://127.0.0.1:${port}`
  await waitUntilServing(service, `${url}/__health`, { timeoutMs: 120_000, what: 'the workerd stack' })
  return { url, service }
}

function databasePids(): number[] {
  const pid = listenerPid(adminTarget().port)
  if (pid === null) throw new Error(`no process listens on the database port ${adminTarget().port}`)
  return [pid]
}

/** Lets the database finish the background work a data load left behind. */
async function databaseSettled(after: string): Promise<void> {
  const started = Date.now()
  const share = await settle(databasePids())
  const waited = ((Date.now() - started) / 1000).toFixed(0)
  progress(
    `database ${share < 2 ? 'idle' : `still at ${share.toFixed(1)} % of a core`} ${waited} s after ${after}`,
  )
}

interface SideOptions {
  requests: number
  endpointRequests: number
  concurrency: number[]
  rounds: number
}

/**
 * Both sides, measured in interleaved rounds (round r: every measurement of
 * one side, then of the other; who goes first alternates), each round a
 * share of the requests, merged at the end. Whatever else the machine does
 * during the run then weighs on both sides alike instead of on whichever
 * happened to run during it.
 */
async function measureSides(targets: Target[], options: SideOptions): Promise<SideResults[]> {
  for (const target of targets) {
    // Long enough for the JIT to settle (production isolates live for many requests).
    progress(`${target.label}: warm-up`)
    await drive(target.url, [...MIX, TRIVIAL], {
      total: (MIX.length + 1) * WARM_UP_ROUNDS,
      concurrency: 4,
      measured: target.measured,
    })
  }
  const share = (total: number) => Math.max(1, Math.round(total / options.rounds))
  const runs = targets.map(() => new Map<string, DriveRun[]>())
  const record = (side: number, key: string, run: DriveRun) =>
    runs[side]!.set(key, [...(runs[side]!.get(key) ?? []), run])
  for (let round = 0; round < options.rounds; round++) {
    const order = targets.map((_, i) => i)
    if (round % 2 === 1) order.reverse()
    for (const side of order) {
      const { url, label, measured } = targets[side]!
      progress(`round ${round + 1}/${options.rounds}: ${label}`)
      record(
        side,
        'floor',
        await drive(url, [TRIVIAL], { total: share(options.requests), concurrency: 8, measured }),
      )
      for (const c of options.concurrency) {
        record(
          side,
          `mix:${c}`,
          await drive(url, MIX, { total: share(options.requests), concurrency: c, measured }),
        )
      }
      for (const request of MIX) {
        const total = share(options.endpointRequests)
        record(
          side,
          `endpoint:${request.name}`,
          await drive(url, [request], { total, concurrency: 4, measured }),
        )
      }
    }
  }
  return targets.map((target, side) => {
    const merged = (key: string) => mergeRuns(runs[side]!.get(key)!)
    return {
      label: target.label,
      floor: merged('floor'),
      mix: Object.fromEntries(options.concurrency.map((c) => [c, merged(`mix:${c}`)])),
      endpoints: Object.fromEntries(MIX.map((request) => [request.name, merged(`endpoint:${request.name}`)])),
    }
  })
}

async function measureLarge(targets: Target[]): Promise<BenchResults['large']> {
  const out: BenchResults['large'] = []
  for (const request of LARGE) {
    const row: { name: string; results: Record<string, LargeBody> } = { name: request.name, results: {} }
    for (const target of targets) {
      progress(`${target.label}: ${request.name}`)
      row.results[target.label] = await fetchLarge(target.url + request.path, target.measured.serving)
    }
    out.push(row)
  }
  return out
}

async function profileMix(requests: number): Promise<BenchResults['profile']> {
  const inspectorPort = await freePort()
  const { url, service } = await startStack(['--no-minify', '--inspector-port', String(inspectorPort)])
  try {
    const pids = processTree(service.child.pid!)
    const measured = { serving: named(pids, 'workerd'), database: databasePids() }
    await drive(url, MIX, { total: MIX.length * 5, concurrency: 4, measured })
    progress('profiling the Worker under the mix')
    const { profile } = await captureProfile(`ws://127.0.0.1:${inspectorPort}/adv-svc-public-api`, () =>
      drive(url, MIX, { total: requests, concurrency: 8, measured }),
    )
    const bundle = `${ROOT}.build/profile-bundle`
    dryRunLocal(bundle)
    return topCosts(profile, `${bundle}/index.js`)
  } finally {
    await service.stop()
  }
}

/** The unminified local bundle, identical to what the profiled stack runs (for mapping lines to modules). */
function dryRunLocal(outdir: string): void {
  execFileSync(
    process.execPath,
    [
      ROOT + 'node_modules/wrangler/bin/wrangler.js',
      'deploy',
      '--dry-run',
      '--no-minify',
      '-c',
      ROOT + 'wrangler.toml',
      '--outdir',
      outdir,
    ],
    { stdio: 'ignore', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  )
}

async function referenceTarget(url: string, pidArg: string | undefined): Promise<Target> {
  const listener = pidArg ? Number(pidArg) : listenerPid(Number(new URL(url).port || 80))
  if (listener === null) throw new Error(`cannot find the process serving ${url}: pass --reference-pid`)
  const serving = processTree(serverRoot(listener))
  const health = await fetch(url + TRIVIAL.path).catch(() => null)
  if (!health) throw new Error(`the reference ${url} does not answer`)
  return { label: 'reference', url: url.replace(/\/$/, ''), measured: { serving, database: databasePids() } }
}

async function main(argv: string[]): Promise<number> {
  const referenceUrl = arg(argv, 'reference')
  const requests = Number(arg(argv, 'requests') ?? 400)
  const endpointRequests = Number(arg(argv, 'endpoint-requests') ?? 100)
  const concurrency = (arg(argv, 'concurrency') ?? '1,8,16').split(',').map(Number)
  const scale = argv.includes('--skip-scale') ? null : Number(arg(argv, 'scale') ?? 9)
  const rounds = Number(arg(argv, 'rounds') ?? 3)

  progress('loading the demo data')
  const demoRows = await loadDemo()
  await databaseSettled('loading the demo data')
  const { url, service } = await startStack()
  const results: BenchResults = {
    date: new Date().toISOString(),
    machine: {
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      cpu: cpus()[0]?.model ?? '',
      node: process.version,
    },
    demoRows,
    scale,
    scaleRows: null,
    sides: [],
    stackNodeCpuMsPerRequest: null,
    large: [],
    bundle: null,
    profile: null,
  }
  try {
    const tree = processTree(service.child.pid!)
    const worker: Target = {
      label: 'worker',
      url,
      measured: { serving: named(tree, 'workerd'), database: databasePids() },
    }
    if (worker.measured.serving.length === 0) throw new Error('no workerd process under the stack')
    const reference = referenceUrl ? await referenceTarget(referenceUrl, arg(argv, 'reference-pid')) : null
    const targets = reference ? [worker, reference] : [worker]
    const nodeSide = tree.filter((pid) => !worker.measured.serving.includes(pid))
    const nodeBefore = cpuMs(nodeSide)
    results.sides = await measureSides(targets, { requests, endpointRequests, concurrency, rounds })
    const workerRequests = Object.values(results.sides[0]!.endpoints)
      .concat(results.sides[0]!.floor, Object.values(results.sides[0]!.mix))
      .reduce((n, run) => n + run.requests, 0)
    // Its CPU is read over the whole interleaved run; only the Worker's requests reach it.
    results.stackNodeCpuMsPerRequest = (cpuMs(nodeSide) - nodeBefore) / workerRequests

    if (scale !== null) {
      progress(`loading scale ${scale} (gen_seed.py --seed 1 --scale ${scale})`)
      results.scaleRows = await loadScale(scale, progress)
      await databaseSettled(`loading scale ${scale}`)
      results.large = await measureLarge(targets)
    }
  } finally {
    await service.stop()
    progress('restoring the demo data')
    await restoreDemo()
  }

  if (argv.includes('--profile')) {
    await databaseSettled('restoring the demo data')
    results.profile = await profileMix(requests)
  }
  progress('measuring the production bundle')
  results.bundle = dryRun('wrangler.toml', 'prd', `${ROOT}dist/bench/adv-svc-public-api`)

  writeFileSync(ROOT + 'docs/benchmarks.json', JSON.stringify(results, null, 2) + '\n')
  const report = markdown(results)
  writeFileSync(ROOT + 'docs/benchmarks.md', report.text)
  writeFileSync(ROOT + 'docs/benchmarks-ratios.svg', ratioChart(report.chartTitle, report.bars))
  progress('wrote docs/benchmarks.md, docs/benchmarks.json, docs/benchmarks-ratios.svg')
  return 0
}

process.exitCode = await main(process.argv.slice(2))
