// `wrangler deploy --dry-run` for one environment, for both Workers, printing
// the bundle sizes (the plan's per-commit gate and checkpoint summaries).
//   node scripts/dry-run.ts dev|stg|prd
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'

const root = fileURLToPath(new URL('../', import.meta.url))
const env = process.argv[2]
if (!env || !['dev', 'stg', 'prd'].includes(env)) {
  console.error('usage: node scripts/dry-run.ts dev|stg|prd')
  process.exit(2)
}

const workers = [
  { name: 'adv-svc-public-api', config: 'wrangler.toml' },
  { name: 'adv-svc-auth-helper', config: 'services/auth-helper/wrangler.toml' },
  { name: 'adv-svc-public-api-tail', config: 'services/log-tail/wrangler.toml' },
]

for (const w of workers) {
  const outdir = `${root}dist/${env}/${w.name}`
  try {
    statSync(root + w.config)
  } catch {
    continue
  }
  execFileSync(
    process.execPath,
    [
      root + 'node_modules/wrangler/bin/wrangler.js',
      'deploy',
      '--dry-run',
      '--env',
      env,
      '-c',
      root + w.config,
      '--outdir',
      outdir,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  )
  let raw = 0
  let gz = 0
  for (const f of readdirSync(outdir)) {
    if (!f.endsWith('.js')) continue
    const bytes = readFileSync(`${outdir}/${f}`)
    raw += bytes.length
    gz += gzipSync(bytes).length
  }
  console.log(
    `dry-run ${env}: ${w.name}-${env} ok — bundle ${(raw / 1024).toFixed(0)} KiB (gzip ${(gz / 1024).toFixed(0)} KiB)`,
  )
}
