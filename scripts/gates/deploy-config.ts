// Gates on the API's wrangler.toml that no placeholder scan catches: values
// that are set but wrong for a deploy (scripts/verify-gates.sh phase 2).
//   auth-failures  every deployable env binds AUTH_FAILURES with a namespace_id of its own (a
//                  positive integer, unique in the Cloudflare account: the binding's counters are
//                  shared by every Worker using that id) and the period the Worker assumes
//   shadow-origin  no env sends shadow requests to LEGACY_ORIGIN (they would spend the
//                  partners' legacy hourly budgets: decisions/2026-12-02-legacy-passthrough.md)
//
//   node scripts/gates/deploy-config.ts <auth-failures|shadow-origin> [api wrangler.toml]
// Prints one line (what it found, or what is wrong); exits 1 when the gate fails.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'smol-toml'
import { FAILED_AUTH_PERIOD_MS } from '../../src/pipeline/auth-failures.ts'

const ENVS = ['dev', 'stg', 'prd'] as const

interface RateLimitBinding {
  name?: string
  namespace_id?: string | number
  simple?: { limit?: number; period?: number }
}
interface EnvConfig {
  ratelimits?: RateLimitBinding[]
  vars?: Record<string, string>
}
interface ApiConfig {
  env?: Record<string, EnvConfig>
}

export interface GateOutcome {
  ok: boolean
  line: string
}

const NAMESPACE_ID = /^[1-9][0-9]{0,9}$/

export function authFailuresGate(apiToml: string): GateOutcome {
  const api = parse(apiToml) as ApiConfig
  const problems: string[] = []
  const ids = new Map<string, string>()
  for (const env of ENVS) {
    const binding = api.env?.[env]?.ratelimits?.find((r) => r.name === 'AUTH_FAILURES')
    if (!binding) {
      problems.push(`${env}: no AUTH_FAILURES binding`)
      continue
    }
    const id = String(binding.namespace_id ?? '')
    if (!NAMESPACE_ID.test(id))
      problems.push(`${env}: namespace_id ${JSON.stringify(id)} is not a positive integer`)
    else if ([...ids.values()].includes(id)) problems.push(`${env}: namespace_id ${id} is also another env's`)
    ids.set(env, id)
    const period = binding.simple?.period
    if (period === undefined || period * 1000 !== FAILED_AUTH_PERIOD_MS) {
      problems.push(
        `${env}: period ${period ?? 'missing'} s, the Worker assumes ${FAILED_AUTH_PERIOD_MS / 1000} s`,
      )
    }
  }
  if (problems.length > 0) return { ok: false, line: problems.join('; ') }
  return { ok: true, line: ENVS.map((env) => `${env} ${ids.get(env)}`).join(', ') }
}

const origin = (url: string) => url.trim().replace(/\/+$/, '').toLowerCase()

export function shadowOriginGate(apiToml: string): GateOutcome {
  const api = parse(apiToml) as ApiConfig
  const same = ENVS.filter((env) => {
    const vars = api.env?.[env]?.vars ?? {}
    const shadow = vars.SHADOW_ORIGIN ?? ''
    return shadow !== '' && origin(shadow) === origin(vars.LEGACY_ORIGIN ?? '')
  })
  if (same.length > 0) return { ok: false, line: `SHADOW_ORIGIN is LEGACY_ORIGIN in ${same.join(', ')}` }
  return { ok: true, line: 'each env shadows to its own instance' }
}

const GATES: Record<string, (apiToml: string) => GateOutcome> = {
  'auth-failures': authFailuresGate,
  'shadow-origin': shadowOriginGate,
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [name, apiPath] = process.argv.slice(2)
  const gate = GATES[name ?? '']
  if (!gate) {
    console.error(
      `usage: node scripts/gates/deploy-config.ts <${Object.keys(GATES).join('|')}> [api wrangler.toml]`,
    )
    process.exit(2)
  }
  const root = fileURLToPath(new URL('../../', import.meta.url))
  try {
    const outcome = gate(readFileSync(apiPath ?? `${root}wrangler.toml`, 'utf8'))
    console.log(outcome.line)
    process.exit(outcome.ok ? 0 : 1)
  } catch (error) {
    console.log(error instanceof Error ? error.message : String(error))
    process.exit(1)
  }
}
