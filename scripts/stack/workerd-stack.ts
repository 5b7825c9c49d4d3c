// Both Workers as production runs them: the bundles `wrangler deploy` would
// upload (minified, aliases applied), in ONE workerd process through
// Miniflare — no dev proxy, no file watcher, no dev build. The benchmark
// measures this stack (docs/benchmarks.md); it is also what `npm start`
// serves. Bindings come from the wrangler.toml files (Miniflare options via
// wrangler's own converter); Hyperdrive connects straight to the local MySQL.
//
//   node scripts/stack/workerd-stack.ts [--port 8787] [--test-hooks] [--var NAME:value …]
//        [--databases console,aggregate_ro] [--inspector-port N] [--persist <dir>] [--no-minify]
//
// Prints `ready <url>` once serving; stops on SIGINT/SIGTERM.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type * as MiniflareModule from 'miniflare'
import { unstable_getMiniflareWorkerOptions } from 'wrangler'
import {
  adminTarget,
  readOnlyConnectionString,
  AGGREGATE_DATABASE,
  CONSOLE_DATABASE,
} from '../db/connection.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const API_CONFIG = ROOT + 'wrangler.toml'
const HELPER_CONFIG = ROOT + 'services/auth-helper/wrangler.toml'
/** The API Worker with the clock and rate-namespace hooks (tests and parity only, never deployed). */
export const TEST_ENTRY = 'tests/support/test-entry.ts'

export interface WorkerdStackConfig {
  port: number
  testHooks: boolean
  vars: Record<string, string>
  databases: { console: string; aggregate: string }
  inspectorPort: number | null
  /** Directory for Durable Object and KV state; null keeps it in memory (gone at stop). */
  persist: string | null
  minify: boolean
  /** The API Worker's entry module (default: the test entry with testHooks, else wrangler.toml's main). */
  entry?: string
  /** The auth helper's entry module (default: its wrangler.toml's main). */
  helperEntry?: string
  /** Where both Workers' Hyperdrive bindings connect (default: DATABASE_URL's host and port). */
  databaseAt?: { host: string; port: number }
  /** Receives every log line workerd writes (default: Miniflare prints them). */
  onLog?: (log: { level: string; message: string }) => void
}

/**
 * Builds one Worker's upload bundle into `outdir` (what `wrangler deploy`
 * would send); returns its main module, named after the entry it was built from.
 */
function build(config: string, outdir: string, entry: string | null, minify: boolean): string {
  mkdirSync(outdir, { recursive: true })
  execFileSync(
    process.execPath,
    [
      ROOT + 'node_modules/wrangler/bin/wrangler.js',
      'deploy',
      '--dry-run',
      // Absolute, because wrangler runs from the config's folder: it resolves [alias] paths from
      // there when an entry is given.
      ...(entry ? [resolve(ROOT, entry)] : []),
      '-c',
      config,
      '--outdir',
      outdir,
      ...(minify ? [] : ['--no-minify']),
    ],
    {
      cwd: dirname(config),
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, WRANGLER_SEND_METRICS: 'false' },
    },
  )
  const main = readdirSync(outdir).find((file) => file.endsWith('.js'))
  if (main === undefined) throw new Error(`wrangler wrote no script into ${outdir}`)
  return `${outdir}/${main}`
}

// Miniflare ships inside wrangler; its version matches the workerd wrangler deploys against.
async function loadMiniflare() {
  return (await import(
    ROOT + 'node_modules/wrangler/node_modules/miniflare/dist/src/index.js'
  )) as typeof MiniflareModule
}

function workerOptions(
  config: string,
  name: string,
  scriptPath: string,
  extra: Record<string, unknown>,
): Record<string, unknown> {
  const { workerOptions } = unstable_getMiniflareWorkerOptions(config)
  // The bundle is already built: no module rules, no source root to resolve against.
  const { modulesRules: _rules, rootPath: _root, ...options } = workerOptions as Record<string, unknown>
  return {
    ...options,
    name,
    modules: true,
    scriptPath,
    modulesRoot: dirname(scriptPath),
    ...extra,
  }
}

export async function serveWorkerdStack(
  config: WorkerdStackConfig,
): Promise<{ url: string; stop(): Promise<void> }> {
  const target = config.databaseAt ? { ...adminTarget(), ...config.databaseAt } : adminTarget()
  process.env.CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_DB_CONSOLE = readOnlyConnectionString(
    config.databases.console,
    target,
  )
  process.env.CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_DB_AGGREGATE = readOnlyConnectionString(
    config.databases.aggregate,
    target,
  )
  const buildDir = `${ROOT}.build/stack-${process.pid}`
  const entry = config.entry ?? (config.testHooks ? TEST_ENTRY : null)
  const apiScript = build(API_CONFIG, `${buildDir}/api`, entry, config.minify)
  const helperScript = build(
    HELPER_CONFIG,
    `${buildDir}/auth-helper`,
    config.helperEntry ?? null,
    config.minify,
  )

  const { Miniflare, convertV4MiniflareOptions } = await loadMiniflare()
  const api = workerOptions(API_CONFIG, 'adv-svc-public-api', apiScript, {
    unsafeInspectorProxy: config.inspectorPort !== null,
  })
  const apiBindings = (api as { bindings?: Record<string, unknown> }).bindings ?? {}
  api.bindings = { ...apiBindings, ...config.vars, ...(config.testHooks ? { TEST_HOOKS: '1' } : {}) }
  const helper = workerOptions(HELPER_CONFIG, 'adv-svc-auth-helper', helperScript, {})
  const persist = config.persist ?? false
  const miniflare = new Miniflare(
    convertV4MiniflareOptions({
      host: '127.0.0.1',
      port: config.port,
      ...(config.inspectorPort !== null ? { inspectorPort: config.inspectorPort } : {}),
      durableObjectsPersist: persist,
      kvPersist: persist,
      ...(config.onLog ? { handleStructuredLogs: config.onLog } : {}),
      workers: [api, helper],
    } as never),
  )
  const url = (await miniflare.ready).toString().replace(/\/$/, '')
  // The runtime holds the scripts now.
  rmSync(buildDir, { recursive: true, force: true })
  return { url, stop: () => miniflare.dispose() }
}

function parse(argv: string[]): WorkerdStackConfig {
  const value = (flag: string) => {
    const at = argv.indexOf(flag)
    return at >= 0 ? argv[at + 1] : undefined
  }
  const vars: Record<string, string> = {}
  argv.forEach((arg, i) => {
    if (arg !== '--var') return
    const pair = argv[i + 1] ?? ''
    const colon = pair.indexOf(':')
    if (colon <= 0) throw new Error(`--var expects NAME:value, got ${JSON.stringify(pair)}`)
    vars[pair.slice(0, colon)] = pair.slice(colon + 1)
  })
  const [consoleDb, aggregateDb] = (
    value('--databases') ?? `${CONSOLE_DATABASE},${AGGREGATE_DATABASE}`
  ).split(',')
  return {
    port: Number(value('--port') ?? 8787),
    testHooks: argv.includes('--test-hooks'),
    vars,
    databases: { console: consoleDb!, aggregate: aggregateDb! },
    inspectorPort: value('--inspector-port') ? Number(value('--inspector-port')) : null,
    persist: value('--persist') ?? null,
    minify: !argv.includes('--no-minify'),
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const stack = await serveWorkerdStack(parse(process.argv.slice(2)))
  console.log(`ready ${stack.url}`)
  const stop = () => void stack.stop().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
