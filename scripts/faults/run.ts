// npm run faults [-- --port 8860] [--requests 1000] [--load-seconds 185] [--concurrency 16]
//   [--before-tree <dir>] [--db-pid-file <file> --db-start "<command>"]
//   [--skip-suite] [--skip-auth-cost] [--skip-before] [--skip-load] [--out-dir docs/reliability]
//   [--reliability-inputs]
// npm run faults -- --from-raw docs/reliability/faults-raw.json --reliability-inputs
//
// Regenerates docs/reliability/faults.md and faults-raw.json (every figure); with
// --reliability-inputs also the three reports `npm run reliability` reads (faults.json,
// auth-cost.json, load.json: run it next, docs/reliability.md is checked against them). With
// --from-raw it measures nothing: faults.md (and those reports) from a previous run's figures.
// The figures: the fault suite's
// table (tests/faults/, run here with its observations recorded), the cost of
// failed authentication before and after the throttle (the "before" tree is a
// worktree of the commit before the throttle, made and removed by the run
// unless --before-tree names one), and a load run with faults injected at
// known times. A command, not a test: the figures depend on the machine.
//
// Ports: the API on --port, the database proxy on --port + 1, the two
// failed-auth stacks on --port + 2 and + 3. The database restart of the load
// run stops the real server when --db-pid-file and --db-start say how (its
// pid file, and a shell command that starts it again); otherwise the suite's
// proxy plays the stopped database.
import { execFileSync, spawn } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { adminTarget } from '../db/connection.ts'
import { connectAdmin, setupDatabase } from '../db/setup.ts'
import { measureAuthCost, type AuthCostResult } from './auth-cost.ts'
import { commitsAroundThrottle, prepareBeforeTree } from './before-tree.ts'
import { startFaultStack, type FaultStack } from './fault-stack.ts'
import { runLoadWithFaults, type DatabaseRestart } from './load-with-faults.ts'
import { authCostReport, faultsReport, loadReport } from './reliability-inputs.ts'
import { renderFaultsMarkdown, type FaultsResults } from './report.ts'
import { runFaultSuite } from './suite-results.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const log = (line: string) => process.stderr.write(`${line}\n`)
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function databaseAnswers(): Promise<boolean> {
  try {
    const conn = await connectAdmin()
    await conn.end()
    return true
  } catch {
    return false
  }
}

/** The real server stopped by its pid file and started by a command, waited for both ways. */
function serverRestart(pidFile: string, startCommand: string): DatabaseRestart {
  return {
    how: `the MariaDB server itself stopped (SIGTERM to the pid in ${pidFile}) and started again (${startCommand})`,
    async stop() {
      const pid = Number(readFileSync(pidFile, 'utf8').trim())
      process.kill(pid, 'SIGTERM')
      for (let i = 0; i < 300 && alive(pid); i++) await sleep(100)
      if (alive(pid)) throw new Error(`the database (pid ${pid}) did not stop within 30 s`)
    },
    async start() {
      spawn('bash', ['-c', startCommand], { detached: true, stdio: 'ignore' }).unref()
      for (let i = 0; i < 600; i++) {
        if (await databaseAnswers()) return
        await sleep(100)
      }
      throw new Error('the database did not come back within 60 s')
    },
  }
}

function proxyRestart(stack: FaultStack): DatabaseRestart {
  return {
    how: "the suite's database proxy stopped (every connection dropped, new ones refused) and started again",
    stop: () => stack.proxy.stop(),
    start: () => stack.proxy.start(),
  }
}

function machine(): FaultsResults['machine'] {
  const t = adminTarget()
  let version = 'MySQL'
  try {
    version = execFileSync(
      'mysql',
      ['-h', t.host, '-P', String(t.port), '-u', t.user, '-N', '-e', 'SELECT VERSION()'],
      {
        encoding: 'utf8',
        env: { ...process.env, MYSQL_PWD: t.password },
      },
    ).trim()
  } catch {
    // the client is optional; the report says "MySQL"
  }
  return {
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.versions.node,
    database: version,
  }
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '8860' },
      requests: { type: 'string', default: '1000' },
      'first-few': { type: 'string', default: '20' },
      'load-seconds': { type: 'string', default: '185' },
      concurrency: { type: 'string', default: '16' },
      'before-tree': { type: 'string' },
      'db-pid-file': { type: 'string' },
      'db-start': { type: 'string' },
      'skip-suite': { type: 'boolean' },
      'skip-auth-cost': { type: 'boolean' },
      'skip-before': { type: 'boolean' },
      'skip-load': { type: 'boolean' },
      'out-dir': { type: 'string', default: ROOT + 'docs/reliability' },
      'reliability-inputs': { type: 'boolean' },
      'from-raw': { type: 'string' },
    },
  })
  const port = Number(values.port)
  if (!Number.isInteger(port) || port <= 0) throw new Error('--port must be a port number')
  if (Boolean(values['db-pid-file']) !== Boolean(values['db-start']))
    throw new Error('--db-pid-file and --db-start go together')
  const dir = values['out-dir']
  mkdirSync(dir, { recursive: true })
  const write = (file: string, content: unknown) => {
    if (content === null) return
    writeFileSync(
      join(dir, file),
      typeof content === 'string' ? content : JSON.stringify(content, null, 2) + '\n',
    )
    log(`faults: wrote ${join(dir, file)}`)
  }
  /** Only what a run measured: the others keep their last run's figures. */
  const writeReliabilityInputs = (results: FaultsResults) => {
    if (!values['reliability-inputs']) return
    write('faults.json', faultsReport(results))
    write('auth-cost.json', authCostReport(results))
    write('load.json', loadReport(results))
    log('faults: now run `npm run reliability` (docs/reliability.md is checked against these reports)')
  }
  if (values['from-raw']) {
    const previous = JSON.parse(readFileSync(values['from-raw'], 'utf8')) as FaultsResults
    write('faults.md', renderFaultsMarkdown(previous))
    writeReliabilityInputs(previous)
    return 0
  }

  const commit = execFileSync('git', ['-C', ROOT, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim()
  const results: FaultsResults = {
    date: new Date().toISOString(),
    commit,
    machine: machine(),
    suite: null,
    authCost: null,
    load: null,
  }

  if (!values['skip-suite']) {
    log('faults: the fault suite (vitest project "faults")')
    results.suite = runFaultSuite(ROOT, port).cases
  }

  if (!values['skip-auth-cost']) {
    await setupDatabase()
    const around = commitsAroundThrottle(ROOT)
    const options = {
      requests: Number(values.requests),
      firstFew: Number(values['first-few']),
      clientAddress: '203.0.113.50',
    }
    log(`faults: failed-auth cost, this tree (${options.requests} requests)`)
    const after = await measureAuthCost({ ...options, root: ROOT, label: 'after', commit, port: port + 2 })
    let before: AuthCostResult | null = null
    if (!values['skip-before']) {
      const tree = prepareBeforeTree(ROOT, around.before, values['before-tree'] ?? null, log)
      try {
        log(`faults: failed-auth cost, ${around.before.slice(0, 12)} (before the throttle)`)
        before = await measureAuthCost({
          ...options,
          root: tree.dir,
          label: 'before',
          commit: around.before,
          port: port + 3,
        })
      } finally {
        tree.remove()
      }
    }
    results.authCost = { before, after, throttleCommit: around.throttle }
  }

  if (!values['skip-load']) {
    log('faults: load run with faults')
    const stack = await startFaultStack({ suite: 'load', port, proxyPort: port + 1, kpiCopies: 1 })
    try {
      const restart =
        values['db-pid-file'] && values['db-start']
          ? serverRestart(values['db-pid-file'], values['db-start'])
          : proxyRestart(stack)
      results.load = await runLoadWithFaults({
        stack,
        concurrency: Number(values.concurrency),
        seconds: Number(values['load-seconds']),
        restart,
        log,
      })
    } finally {
      await stack.proxy.start()
      await stack.stop()
    }
  }

  write('faults.md', renderFaultsMarkdown(results))
  write('faults-raw.json', results)
  writeReliabilityInputs(results)
  return 0
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      log(`faults: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
      process.exit(1)
    },
  )
}
