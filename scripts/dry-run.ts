// `wrangler deploy --dry-run` for one environment, for every Worker, printing
// the bundle sizes (the plan's per-commit gate and checkpoint summaries).
//   node scripts/dry-run.ts dev|stg|prd
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const root = fileURLToPath(new URL('../', import.meta.url))

export const WORKERS = [
  { name: 'adv-svc-public-api', config: 'wrangler.toml' },
  { name: 'adv-svc-auth-helper', config: 'services/auth-helper/wrangler.toml' },
  { name: 'adv-svc-public-api-tail', config: 'services/log-tail/wrangler.toml' },
] as const

/** Builds a Worker's upload for `env` into `outdir`; its script size, raw and gzipped, in bytes. */
export function dryRun(config: string, env: string, outdir: string): { raw: number; gzip: number } {
  execFileSync(
    process.execPath,
    [
      root + 'node_modules/wrangler/bin/wrangler.js',
      'deploy',
      '--dry-run',
      '--env',
      env,
      '-c',
      root + config,
      '--outdir',
      outdir,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  )
  let raw = 0
  let gzip = 0
  for (const f of readdirSync(outdir)) {
    if (!f.endsWith('.js')) continue
    const bytes = readFileSync(`${outdir}/${f}`)
    raw += bytes.length
    gzip += gzipSync(bytes).length
  }
  return { raw, gzip }
}

function main(env: string | undefined): number {
  if (!env || !['dev', 'stg', 'prd'].includes(env)) {
    console.error('usage: node scripts/dry-run.ts dev|stg|prd')
    return 2
  }
  for (const w of WORKERS) {
    try {
      statSync(root + w.config)
    } catch {
      continue
    }
    const { raw, gzip } = dryRun(w.config, env, `${root}dist/${env}/${w.name}`)
    console.log(
      `dry-run ${env}: ${w.name}-${env} ok — bundle ${(raw / 1024).toFixed(0)} KiB (gzip ${(gzip / 1024).toFixed(0)} KiB)`,
    )
  }
  return 0
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv[2])
