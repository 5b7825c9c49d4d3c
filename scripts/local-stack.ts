// The local stack: the database (schema + demo data + read-only user) and both
// Workers in ONE `wrangler dev` process, the API reaching the auth helper over
// its real service binding and MySQL through Hyperdrive's local mode.
//
//   node scripts/local-stack.ts [--port 8787] [--seed <file.sql>|--no-seed]
//
// As a library, `startLocalStack()` is what the parity harness and other
// tooling use; only they pass test-only vars (TEST_HOOKS), never `npm start`.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { AGGREGATE_DATABASE, CONSOLE_DATABASE, readOnlyConnectionString } from './db/connection.ts'
import { connectAdmin, DEMO_SEED, setupDatabase } from './db/setup.ts'
import { freePort, startServiceProcess, waitUntilServing } from '../parity/lib/service-process.ts'

const ROOT = fileURLToPath(new URL('../', import.meta.url))
const API_CONFIG = 'wrangler.toml'
const HELPER_CONFIG = 'services/auth-helper/wrangler.toml'

export const DEMO_CREDENTIALS = {
  integrationKey: 'adv-int-main-0001',
  apiKey: 'ak_main_5f2b9c81d7e04a6b93c1e8f0a4d27b6e',
} as const

export interface LocalStackOptions {
  /** Port to listen on; 0 or absent picks a free one. */
  port?: number
  /** Seed to load after the schema; null keeps whatever data is there. */
  seed?: string | null
  /** Skip the database step entirely (it was prepared by the caller). */
  skipDatabase?: boolean
  /** Extra `--var NAME:value` pairs (e.g. TEST_HOOKS: '1' for parity runs). */
  vars?: Record<string, string>
  /** Keep Durable Object / KV state in a throwaway directory (parity, tests). */
  ephemeralState?: boolean
  /** Echo wrangler's output to this process's stdout. */
  echo?: boolean
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
): string[] {
  const args = [
    join(ROOT, 'node_modules/wrangler/bin/wrangler.js'),
    'dev',
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

/** Fails with the "how to start MySQL" help when the database does not answer. */
export async function checkDatabase(): Promise<void> {
  try {
    const conn = await connectAdmin()
    await conn.end()
  } catch (err) {
    throw new Error(
      `${(err as Error).message}\nThe local stack needs MySQL/MariaDB at DATABASE_URL (default mysql://root@127.0.0.1:3306).\n` +
        'Run `node scripts/db/setup.ts --check` for how to start one.',
      { cause: err },
    )
  }
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  if (!options.skipDatabase) {
    await checkDatabase()
    await setupDatabase(options.seed === undefined ? DEMO_SEED : options.seed)
  }
  const port = options.port || (await freePort())
  const inspectorPort = await freePort()
  const vars = options.vars ?? {}
  const persistTo = options.ephemeralState ? mkdtempSync(join(tmpdir(), 'adv-local-stack-')) : null
  const service = startServiceProcess(
    process.execPath,
    wranglerDevArgs(port, inspectorPort, vars, persistTo),
    {
      cwd: ROOT,
      env: stackEnv(process.env, options.databases),
      echo: options.echo,
    },
  )
  const url = `http://127.0.0.1:${port}`
  const stop = async () => {
    await service.stop()
    if (persistTo) rmSync(persistTo, { recursive: true, force: true })
  }
  try {
    await waitUntilServing(service, `${url}/__health`, {
      timeoutMs: options.timeoutMs ?? 60_000,
      what: 'wrangler dev',
      failOn: /Build failed/,
    })
  } catch (err) {
    await stop()
    throw err
  }
  const configured = topLevelVar(readFileSync(join(ROOT, API_CONFIG), 'utf8'), 'DOCS_URL')
  return {
    url,
    vars: { DOCS_URL: vars.DOCS_URL ?? configured },
    pid: service.child.pid,
    exited: () => service.exited(),
    stop,
  }
}

function argValue(argv: string[], flag: string): string | undefined {
  const at = argv.indexOf(flag)
  return at >= 0 ? argv[at + 1] : undefined
}

async function main(argv: string[]): Promise<number> {
  const seed = argv.includes('--no-seed') ? null : (argValue(argv, '--seed') ?? DEMO_SEED)
  const port = Number(argValue(argv, '--port') ?? process.env.PORT ?? 8787)
  const started = Date.now()
  let stack: LocalStack
  try {
    stack = await startLocalStack({ port, seed, echo: argv.includes('--verbose') })
  } catch (err) {
    console.error(`local stack failed to start:\n${(err as Error).message}`)
    return 1
  }
  console.log(
    [
      '',
      `Adventive Public API (local) is up in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      `  API:          ${stack.url}/`,
      `  Health:       ${stack.url}/__health`,
      `  Docs:         ${stack.url}/docs`,
      `  OpenAPI:      ${stack.url}/openapi.yaml`,
      `  Demo credentials (local only):`,
      `    X-Integration-Key: ${DEMO_CREDENTIALS.integrationKey}`,
      `    X-Api-Key:         ${DEMO_CREDENTIALS.apiKey}`,
      `  Try: curl -H 'X-Integration-Key: ${DEMO_CREDENTIALS.integrationKey}' -H 'X-Api-Key: ${DEMO_CREDENTIALS.apiKey}' ${stack.url}/credentialscheck`,
      'Ctrl-C to stop.',
    ].join('\n'),
  )
  const crashed = await new Promise<boolean>((resolve) => {
    process.once('SIGINT', () => resolve(false))
    process.once('SIGTERM', () => resolve(false))
    void stack.exited().then(() => resolve(true))
  })
  await stack.stop()
  if (crashed) console.error('wrangler dev exited unexpectedly (run with --verbose to see its output)')
  return crashed ? 1 : 0
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2))
}
