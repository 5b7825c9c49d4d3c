// wrangler.toml is part of the contract with production: every deployable
// environment carries every binding the Worker's Env declares, and none of
// them can switch on the test hooks.
import { readFileSync } from 'node:fs'
import { parse } from 'smol-toml'
import { describe, expect, it } from 'vitest'
import { flagName } from '../../src/endpoints/endpoint.ts'
import { ENDPOINTS } from '../../src/endpoints/registry.ts'

type Config = {
  vars?: Record<string, string>
  hyperdrive?: { binding: string }[]
  services?: { binding: string; service: string; entrypoint?: string }[]
  kv_namespaces?: { binding: string }[]
  ratelimits?: { name: string; namespace_id: string; simple: { limit: number; period: number } }[]
  durable_objects?: { bindings: { name: string; class_name: string }[] }
  routes?: { pattern: string; zone_name: string }[]
  tail_consumers?: { service: string }[]
  name?: string
  env?: Record<string, Config>
  migrations?: { tag: string; new_sqlite_classes?: string[] }[]
}

const api = parse(readFileSync(new URL('../../wrangler.toml', import.meta.url), 'utf8')) as Config
const helper = parse(
  readFileSync(new URL('../../services/auth-helper/wrangler.toml', import.meta.url), 'utf8'),
) as Config
const ENVS = ['dev', 'stg', 'prd'] as const
const ZONES = { dev: 'adventive.dev', stg: 'adventivestg.com', prd: 'adventive.com' }

describe('wrangler.toml of the API Worker', () => {
  it.each(ENVS)('gives %s every binding of the plan', (name) => {
    const env = api.env![name]!
    expect(env.name).toBe(`adv-svc-public-api-${name}`)
    expect(env.hyperdrive!.map((h) => h.binding).sort()).toEqual(['DB_AGGREGATE', 'DB_CONSOLE'])
    expect(env.services).toEqual([
      { binding: 'AUTH', service: `adv-svc-auth-helper-${name}`, entrypoint: 'AuthHelper' },
    ])
    expect(env.durable_objects!.bindings).toEqual([{ name: 'RATE_LIMITER', class_name: 'RateLimiter' }])
    // The per-isolate fallback replaced the KV counters: no KV binding is left.
    expect(env.kv_namespaces).toBeUndefined()
    expect(env.ratelimits).toEqual([
      { name: 'AUTH_FAILURES', namespace_id: expect.any(String), simple: { limit: 9, period: 60 } },
    ])
    expect(env.routes).toEqual([{ pattern: `api.${ZONES[name]}/*`, zone_name: ZONES[name] }])
    expect(env.tail_consumers).toEqual([{ service: `adv-svc-public-api-tail-${name}` }])
  })

  it.each(ENVS)('declares the same vars in %s as locally, and never TEST_HOOKS', (name) => {
    const vars = api.env![name]!.vars!
    expect(Object.keys(vars).sort()).toEqual(Object.keys(api.vars!).sort())
    expect(vars).not.toHaveProperty('TEST_HOOKS')
    expect(vars.ENVIRONMENT).toBe(name)
  })

  it('gives every environment its own AUTH_FAILURES namespace, and the local one too', () => {
    const ids = [api, ...ENVS.map((name) => api.env![name]!)].map((c) => c.ratelimits?.[0]?.namespace_id)
    expect(new Set(ids).size).toBe(ENVS.length + 1)
    expect(api.ratelimits?.map((r) => r.name)).toEqual(['AUTH_FAILURES'])
  })

  it.each(['local', ...ENVS])('declares exactly the endpoint registry’s flags in %s', (name) => {
    const vars = name === 'local' ? api.vars! : api.env![name]!.vars!
    const registryFlags = ENDPOINTS.flatMap((e) => [
      flagName(e.name),
      ...Object.values((e as { versionFlags?: Record<string, string> }).versionFlags ?? {}),
    ]).sort()
    expect(
      Object.keys(vars)
        .filter((k) => k.startsWith('HANDLER_'))
        .sort(),
    ).toEqual(registryFlags)
  })

  it('keeps the RateLimiter migration tag', () => {
    expect(api.migrations).toEqual([{ tag: 'v1', new_sqlite_classes: ['RateLimiter'] }])
  })

  it('does not switch the test hooks on locally either (only test tooling does)', () => {
    expect(api.vars).not.toHaveProperty('TEST_HOOKS')
  })
})

describe('wrangler.toml of the auth helper', () => {
  it.each(ENVS)('names %s adv-svc-auth-helper-<env> with its cache and console database', (name) => {
    const env = helper.env![name]!
    expect(env.name).toBe(`adv-svc-auth-helper-${name}`)
    expect(env.kv_namespaces!.map((k) => k.binding)).toEqual(['CACHE'])
    expect(env.hyperdrive!.map((h) => h.binding)).toEqual(['DB_CONSOLE'])
  })
})
