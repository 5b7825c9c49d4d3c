// The wrangler.toml gates of verify-gates.sh phase 2 that a placeholder scan
// cannot do: the AUTH_FAILURES namespace of each env, and shadow traffic kept
// away from the partners' legacy origin. Against the real wrangler.toml (as
// it is before provisioning) and provisioned variants of it.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { authFailuresGate, shadowOriginGate } from './deploy-config.ts'

const root = fileURLToPath(new URL('../../', import.meta.url))
const repoToml = readFileSync(join(root, 'wrangler.toml'), 'utf8')
/** The repository's config with each env's AUTH_FAILURES namespace chosen. */
const provisioned = (dev = '7101', stg = '7102', prd = '7103') =>
  repoToml
    .replace('REPLACE_WITH_AUTH_FAILURES_NAMESPACE_DEV', dev)
    .replace('REPLACE_WITH_AUTH_FAILURES_NAMESPACE_STG', stg)
    .replace('REPLACE_WITH_AUTH_FAILURES_NAMESPACE_PRD', prd)

describe('the AUTH_FAILURES namespace of each env', () => {
  it('is still to be chosen in the repository (a placeholder per env)', () => {
    const outcome = authFailuresGate(repoToml)
    expect(outcome.ok).toBe(false)
    for (const env of ['DEV', 'STG', 'PRD'])
      expect(outcome.line).toContain(`REPLACE_WITH_AUTH_FAILURES_NAMESPACE_${env}`)
  })

  it('passes once every env has an integer of its own', () => {
    expect(authFailuresGate(provisioned())).toEqual({ ok: true, line: 'dev 7101, stg 7102, prd 7103' })
  })

  it('fails on an id two envs share, or one that is not a positive integer', () => {
    expect(authFailuresGate(provisioned('7101', '7101'))).toEqual({
      ok: false,
      line: "stg: namespace_id 7101 is also another env's",
    })
    expect(authFailuresGate(provisioned('0')).line).toBe('dev: namespace_id "0" is not a positive integer')
    expect(authFailuresGate(provisioned('7101', '7102', '-3')).ok).toBe(false)
  })

  it('fails on an env without the binding, or with another period than the Worker assumes', () => {
    const noPrd = provisioned().replace(/\[\[env\.prd\.ratelimits\]\][^[]*/, '')
    expect(authFailuresGate(noPrd)).toEqual({ ok: false, line: 'prd: no AUTH_FAILURES binding' })
    const period10 = provisioned().replace(/(\[\[env\.stg\.ratelimits\]\][^[]*)period = 60/, '$1period = 10')
    expect(authFailuresGate(period10)).toEqual({
      ok: false,
      line: 'stg: period 10 s, the Worker assumes 60 s',
    })
  })
})

describe('shadow traffic', () => {
  it('passes when each env shadows to an instance of its own', () => {
    expect(shadowOriginGate(repoToml).ok).toBe(true)
  })

  it('fails where SHADOW_ORIGIN is the partners’ LEGACY_ORIGIN, whatever the case or trailing slash', () => {
    const same = repoToml
      .replace(
        'LEGACY_ORIGIN = "REPLACE_WITH_LEGACY_ORIGIN_STG"',
        'LEGACY_ORIGIN = "https://legacy.example.com"',
      )
      .replace(
        'SHADOW_ORIGIN = "REPLACE_WITH_SHADOW_ORIGIN_STG"',
        'SHADOW_ORIGIN = "https://Legacy.example.com/"',
      )
    expect(shadowOriginGate(same)).toEqual({ ok: false, line: 'SHADOW_ORIGIN is LEGACY_ORIGIN in stg' })
  })
})

describe('the command', () => {
  const run = (...args: string[]) => {
    try {
      return {
        status: 0,
        out: execFileSync(process.execPath, [join(root, 'scripts/gates/deploy-config.ts'), ...args], {
          encoding: 'utf8',
        }),
      }
    } catch (error) {
      const failed = error as { status: number; stdout: string; stderr: string }
      return { status: failed.status, out: failed.stdout + failed.stderr }
    }
  }

  it('prints one line and exits 0 or 1; refuses an unknown gate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'deploy-config-'))
    writeFileSync(join(dir, 'api.toml'), provisioned())
    expect(run('auth-failures', join(dir, 'api.toml'))).toEqual({
      status: 0,
      out: 'dev 7101, stg 7102, prd 7103\n',
    })
    expect(run('auth-failures', join(root, 'wrangler.toml')).status).toBe(1)
    expect(run('other').status).toBe(2)
  })
})
