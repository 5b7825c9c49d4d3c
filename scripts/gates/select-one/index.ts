// The throwaway gate Worker of scripts/verify-gates.sh (plan phase 2 and 3 gates). verify-gates
// deploys it per environment with that env's two Hyperdrive configs and a service binding to the
// env's auth helper, calls it once with a one-time token, and deletes it:
//   GET /select-one     SELECT 1 through DB_CONSOLE and DB_AGGREGATE (Worker → Hyperdrive →
//                       tunnel → Aurora, end to end)
//   GET /helper-health  the auth helper's /__health through the service binding (the helper has
//                       no public URL in stg and prd)
//   GET /stored-keys    every stored key passes the API's cheap rejection (stored-keys.ts)
// Written against structural types so the same code is tested under Node against the local MariaDB.
import { failureOf, GATE_DB_TIMEOUT_MS, withConnection, type DbTarget } from './connection.ts'
import { checkStoredKeys } from './stored-keys.ts'

export type { DbTarget }

export interface ServiceBinding {
  fetch(input: string): Promise<Response>
}

export interface GateEnv {
  DB_CONSOLE: DbTarget
  DB_AGGREGATE: DbTarget
  AUTH: ServiceBinding
  /** The one-time token verify-gates deploys the Worker with (--var GATE_TOKEN:…). */
  GATE_TOKEN?: string
}

export interface ProbeResult {
  ok: boolean
  ms: number
  error?: string
}

export async function selectOne(target: DbTarget, now: () => number = Date.now): Promise<ProbeResult> {
  const started = now()
  try {
    return await withConnection(target, async (connection) => {
      const [rows] = await connection.query({ sql: 'SELECT 1 AS one', timeout: GATE_DB_TIMEOUT_MS })
      const one = (rows as { one: number }[])[0]?.one
      if (Number(one) !== 1)
        return { ok: false, ms: now() - started, error: `SELECT 1 returned ${JSON.stringify(rows)}` }
      return { ok: true, ms: now() - started }
    })
  } catch (error) {
    return { ok: false, ms: now() - started, error: failureOf(error) }
  }
}

export async function handleGate(request: Request, env: GateEnv): Promise<Response> {
  if (!env.GATE_TOKEN || request.headers.get('x-gate-token') !== env.GATE_TOKEN) {
    return Response.json({ error: 'forbidden' }, { status: 403 })
  }
  const path = new URL(request.url).pathname
  if (path === '/select-one') {
    const [console, aggregate] = await Promise.all([selectOne(env.DB_CONSOLE), selectOne(env.DB_AGGREGATE)])
    return Response.json({ console, aggregate }, { status: console.ok && aggregate.ok ? 200 : 502 })
  }
  if (path === '/stored-keys') {
    const result = await checkStoredKeys(env.DB_CONSOLE)
    return Response.json(result, { status: result.ok ? 200 : 502 })
  }
  if (path === '/helper-health') {
    try {
      const res = await env.AUTH.fetch('https://adv-svc-auth-helper/__health')
      return Response.json({ status: res.status, body: (await res.text()).slice(0, 500) })
    } catch (error) {
      return Response.json(
        { status: 0, error: error instanceof Error ? error.message : String(error) },
        { status: 502 },
      )
    }
  }
  return Response.json({ error: 'not found' }, { status: 404 })
}

export default { fetch: handleGate }
