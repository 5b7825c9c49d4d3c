// The local stack: the database (schema + demo data + read-only user) and both
// Workers in ONE `wrangler dev` process, the API reaching the auth helper over
// its real service binding and MySQL through Hyperdrive's local mode.
//
// `npm start` is scripts/start/main.ts over this library; `startLocalStack()` is also what
// the parity harness and the tests use. Only they ask for the test hooks (`testHooks: true`:
// the test entry tests/support/test-entry.ts, with TEST_HOOKS=1), never `npm start`: the
// production entry has no hooks at all (decisions/2026-11-27-test-hooks.md).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { AGGREGATE_DATABASE, CONSOLE_DATABASE, readOnlyConnectionString } from './db/connection.ts'
import { connectAdmin, DEMO_SEED, setupDatabase, unreachableHelp } from './db/setup.ts'
import { WranglerErrorBlocks } from './start/wrangler-errors.ts'
import { delay, freePort, startServiceProcess, waitUntilServing } from '../parity/lib/service-process.ts'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const API_CONFIG = 'wrangler.toml'
/** The API Worker with the clock and rate-namespace hooks (never deployed). */
export const TEST_ENTRY = 'tests/support/test-entry.ts'
const HELPER_CONFIG = 'services/auth-helper/wrangler.toml'

import { DEMO_CREDENTIALS } from './db/demo-credentials.ts'

export { DEMO_CREDENTIALS }

export interface LocalStackOptions {
  /** Port to listen on; 0 or absent picks a free one. */
  port?: number
  /** Seed to load after the schema; null keeps whatever data is there. */
  seed?: string | null
  /** Skip the database step entirely (it was prepared by the caller). */
  skipDatabase?: boolean
  /** Extra `--var NAME:value` pairs. */
  vars?: Record<string, string>
  /** Run the test entry with its hooks on (parity, fuzz, tests): pinned clocks, rate namespaces. */
  testHooks?: boolean
  /** Keep Durable Object / KV state in a throwaway directory (parity, tests). */
  ephemeralState?: boolean
  /** Echo wrangler's output to this process's stdout. */
  echo?: boolean
  /** Called with each wrangler error block ("✘ [ERROR] …" and its details) printed once the stack is up (a rebuild that failed). */
  onWranglerError?: (block: string) => void
  /** How long to wait for /__health (default 60 s). */
  timeoutMs?: number
  /** Database names behind the two Hyperdrive bindings (default console / aggregate_ro; the benchmark uses its own). */
  databases?: { console: string; aggregate: string }
}

export interface LocalStack {
  url: string
  /** Process id of the wrangler process (its group holds workerd). */
  pid: number | undefined
  /** The API Worker's effective vars that tooling needs to know (DOCS_URL). */
  vars: { DOCS_URL: string | null }
  /** Resolves if wrangler exits on its own (crash, port taken later …). */
  exited(): Promise<number | null>
  /** The last lines wrangler printed, for a crash report. */
  outputTail(): string
  stop(): Promise<void>
}

/** A top-level [vars] value of the API Worker's wrangler.toml (before any [env.*]). */
export function topLevelVar(toml: string, name: string): string | null {
  const topLevel = toml.split(/^\[env\./m)[0] ?? ''
  const match = new RegExp(`^${name}\\s*=\\s*"([^"]*)"`, 'm').exec(topLevel)
  return match?.[1] ?? null
}

export function wranglerDevArgs(
  port: number,
  inspectorPort: number,
  vars: Record<string, string>,
  persistTo: string | null,
  script: string | null = null,
): string[] {
  const args = [
    join(ROOT, 'node_modules/wrangler/bin/wrangler.js'),
    'dev',
    ...(script ? [script] : []),
    '-c',
    API_CONFIG,
    '-c',
    HELPER_CONFIG,
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--inspector-port',
    String(inspectorPort),
    '--show-interactive-dev-session=false',
  ]
  for (const [name, value] of Object.entries(vars)) args.push('--var', `${name}:${value}`)
  if (persistTo) args.push('--persist-to', persistTo)
  return args
}

export function stackEnv(
  base: NodeJS.ProcessEnv = process.env,
  databases = { console: CONSOLE_DATABASE, aggregate: AGGREGATE_DATABASE },
): NodeJS.ProcessEnv {
  return {
    ...base,
    CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_DB_CONSOLE: readOnlyConnectionString(databases.console),
    CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_DB_AGGREGATE: readOnlyConnectionString(databases.aggregate),
    WRANGLER_SEND_METRICS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  }
}

/** Fails with the "how to start MySQL" help itself when the database does not answer. */
export async function checkDatabase(): Promise<void> {
  try {
    const conn = await connectAdmin()
    await conn.end()
  } catch (err) {
    throw new Error(
      `The local stack needs MySQL/MariaDB at DATABASE_URL (default mysql://root@127.0.0.1:3306).\n${unreachableHelp(err)}`,
      { cause: err },
    )
  }
}

/** SIGKILL to what is left of a process group whose leader has exited (nothing if it is empty). */
function endProcessGroup(pid: number | undefined): void {
  if (pid === undefined) return
  try {
    process.kill(-pid, 'SIGKILL')
  } catch {
    // No process left in the group.
  }
}

/** How long wrangler must be quiet before an error block counts as complete. */
const ERROR_QUIET_MS = 250

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  if (!options.skipDatabase) {
    await checkDatabase()
    await setupDatabase(options.seed === undefined ? DEMO_SEED : options.seed)
  }
  const port = options.port || (await freePort())
  const inspectorPort = await freePort()
  const vars = options.testHooks ? { ...options.vars, TEST_HOOKS: '1' } : (options.vars ?? {})
  const persistTo = options.ephemeralState ? mkdtempSync(join(tmpdir(), 'adv-local-stack-')) : null
  const service = startServiceProcess(
    process.execPath,
    wranglerDevArgs(port, inspectorPort, vars, persistTo, options.testHooks ? TEST_ENTRY : null),
    {
      cwd: ROOT,
      env: stackEnv(process.env, options.databases),
      echo: options.echo,
    },
  )
  // wrangler's errors, kept whole (the output tail is 40 lines, mostly binding tables).
  let up = false
  const startupErrors: string[] = []
  const onBlock = (block: string) => {
    if (up) options.onWranglerError?.(block)
    else startupErrors.push(block)
  }
  // One reader per stream: a line half-written on stdout must not swallow an error on stderr.
  const readers = [service.child.stdout, service.child.stderr].map((stream) => {
    const reader = new WranglerErrorBlocks(onBlock, ERROR_QUIET_MS)
    stream?.on('data', (chunk: Buffer) => reader.push(chunk.toString('utf8')))
    return reader
  })
  const flushErrors = () => readers.forEach((reader) => reader.flush())
  void service.exited().then(flushErrors)
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    await service.stop()
    // wrangler can exit on its own (a port taken) after starting workerd: its group may outlive
    // it, holding our pipes open, and service.stop() only signals a group whose leader runs.
    endProcessGroup(service.child.pid)
    if (persistTo) rmSync(persistTo, { recursive: true, force: true })
  }
  try {
    await waitUntilServing(service, `${url}/__health`, {
      timeoutMs: options.timeoutMs ?? 60_000,
      what: 'wrangler dev',
      failOn: /Build failed/,
    })
  } catch (err) {
    // The details of a build error arrive just after its first line: let them in.
    await delay(ERROR_QUIET_MS * 2)
    flushErrors()
    await stop()
    if (startupErrors.length === 0) throw err
    throw new Error(`wrangler dev failed to start:\n${startupErrors.join('\n')}`, { cause: err })
  }
  up = true
  const configured = topLevelVar(readFileSync(join(ROOT, API_CONFIG), 'utf8'), 'DOCS_URL')
  return {
    url,
    vars: { DOCS_URL: vars.DOCS_URL ?? configured },
    pid: service.child.pid,
    exited: () => service.exited(),
    outputTail: () => service.outputTail(),
    stop,
  }
}
