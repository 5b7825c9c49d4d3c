// The throwaway gate Worker of verify-gates.sh: its SELECT 1 against the real local MariaDB, its
// token check and helper relay, the wrangler config it is deployed with, and that it bundles.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'smol-toml'
import { describe, expect, it } from 'vitest'
import {
  adminTarget,
  AGGREGATE_DATABASE,
  CONSOLE_DATABASE,
  READ_ONLY_PASSWORD,
  READ_ONLY_USER,
} from '../db/connection.ts'
import { gateConfig, gateName } from './gate-config.ts'
import { handleGate, selectOne, type GateEnv } from './select-one/index.ts'

const root = fileURLToPath(new URL('../../', import.meta.url))
const db = (database: string) => ({
  ...adminTarget(),
  user: READ_ONLY_USER,
  password: READ_ONLY_PASSWORD,
  database,
})
const CLOSED = { host: '127.0.0.1', port: 1, user: 'x', password: 'x', database: 'console' }
const TOKEN = 'one-time-token-for-tests'

function env(overrides: Partial<GateEnv> = {}): GateEnv {
  return {
    DB_CONSOLE: db(CONSOLE_DATABASE),
    DB_AGGREGATE: db(AGGREGATE_DATABASE),
    AUTH: { fetch: async () => Response.json({ status: 'ok', commit: 'abc' }) },
    GATE_TOKEN: TOKEN,
    ...overrides,
  }
}
const get = (path: string, token: string | null = TOKEN) =>
  new Request(`https://adv-gate-select-one-dev.example.workers.dev${path}`, {
    headers: token === null ? {} : { 'X-Gate-Token': token },
  })

describe('SELECT 1', () => {
  it('succeeds through a reachable database as the read-only user', async () => {
    expect(await selectOne(db(CONSOLE_DATABASE))).toMatchObject({ ok: true })
    expect(await selectOne(db(AGGREGATE_DATABASE))).toMatchObject({ ok: true })
  })

  it('reports the driver error code when the database cannot be reached', async () => {
    expect(await selectOne(CLOSED)).toMatchObject({ ok: false, error: 'ECONNREFUSED' })
  })

  it('reports wrong credentials as a failure, not a crash', async () => {
    const result = await selectOne({ ...db(CONSOLE_DATABASE), password: 'wrong' })
    expect(result).toMatchObject({ ok: false, error: 'ER_ACCESS_DENIED_ERROR' })
  })
})

describe('the gate Worker', () => {
  it('answers nothing without the one-time token', async () => {
    expect((await handleGate(get('/select-one', null), env())).status).toBe(403)
    expect((await handleGate(get('/select-one', 'guess'), env())).status).toBe(403)
    expect((await handleGate(get('/select-one'), env({ GATE_TOKEN: '' }))).status).toBe(403)
  })

  it('runs SELECT 1 through both Hyperdrive bindings', async () => {
    const res = await handleGate(get('/select-one'), env())
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ console: { ok: true }, aggregate: { ok: true } })
  })

  it('answers 502 and says which binding failed', async () => {
    const res = await handleGate(get('/select-one'), env({ DB_AGGREGATE: CLOSED }))
    expect(res.status).toBe(502)
    expect(await res.json()).toMatchObject({
      console: { ok: true },
      aggregate: { ok: false, error: 'ECONNREFUSED' },
    })
  })

  it("relays the auth helper's /__health status and body through the service binding", async () => {
    const asked: string[] = []
    const res = await handleGate(
      get('/helper-health'),
      env({
        AUTH: {
          fetch: async (url) => {
            asked.push(url)
            return new Response('{"status":"ok","commit":"abc"}', { status: 200 })
          },
        },
      }),
    )
    expect(await res.json()).toEqual({ status: 200, body: '{"status":"ok","commit":"abc"}' })
    expect(new URL(asked[0]!).pathname).toBe('/__health')
  })

  it('answers 502 when the helper binding itself fails, and 404 elsewhere', async () => {
    const broken = env({ AUTH: { fetch: () => Promise.reject(new Error('no such service')) } })
    const res = await handleGate(get('/helper-health'), broken)
    expect(res.status).toBe(502)
    expect(await res.json()).toMatchObject({ status: 0, error: 'no such service' })
    expect((await handleGate(get('/other'), env())).status).toBe(404)
  })
})

describe('its wrangler config', () => {
  const ids = (env: string) => ({
    console: `${env === 'prd' ? 'c' : 'a'}${'0'.repeat(31)}`,
    aggregate: `${env === 'prd' ? 'd' : 'b'}${'0'.repeat(31)}`,
  })
  const apiToml = ['dev', 'stg', 'prd']
    .map(
      (e) =>
        `[[env.${e}.hyperdrive]]\nbinding = "DB_CONSOLE"\nid = "${ids(e).console}"\n[[env.${e}.hyperdrive]]\nbinding = "DB_AGGREGATE"\nid = "${ids(e).aggregate}"\n`,
    )
    .join('\n')

  it.each(['dev', 'stg', 'prd'])('binds the %s Hyperdrive ids and auth helper of the API config', (e) => {
    const config = parse(gateConfig(e, apiToml, '/repo/scripts/gates/select-one/index.ts')) as Record<
      string,
      unknown
    >
    expect(config).toMatchObject({
      name: gateName(e),
      main: '/repo/scripts/gates/select-one/index.ts',
      compatibility_flags: ['nodejs_compat'],
      workers_dev: true,
      hyperdrive: [
        { binding: 'DB_CONSOLE', id: ids(e).console },
        { binding: 'DB_AGGREGATE', id: ids(e).aggregate },
      ],
      services: [{ binding: 'AUTH', service: `adv-svc-auth-helper-${e}` }],
    })
  })

  it('refuses while an id is still a placeholder, naming the script to run', () => {
    const unprovisioned = apiToml.replace(ids('prd').console, 'REPLACE_WITH_CONSOLE_PRD_ID')
    expect(() => gateConfig('prd', unprovisioned, 'x')).toThrow(
      /DB_CONSOLE has no Hyperdrive id yet \(REPLACE_WITH_CONSOLE_PRD_ID\): run scripts\/provision-hyperdrive\.sh prd/,
    )
  })

  it('refuses an unknown env', () => {
    expect(() => gateConfig('qa', apiToml, 'x')).toThrow(/unknown env 'qa'/)
  })

  it('bundles for workerd with wrangler (dry run)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gate-'))
    writeFileSync(
      join(dir, 'wrangler.toml'),
      gateConfig('dev', apiToml, join(root, 'scripts/gates/select-one/index.ts')),
    )
    const out = execFileSync(
      process.execPath,
      [
        join(root, 'node_modules/wrangler/bin/wrangler.js'),
        'deploy',
        '--dry-run',
        '-c',
        join(dir, 'wrangler.toml'),
        '--outdir',
        join(dir, 'out'),
      ],
      { cwd: root, encoding: 'utf8', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
    )
    expect(out).toMatch(/--dry-run: exiting now/)
  }, 60_000)
})
