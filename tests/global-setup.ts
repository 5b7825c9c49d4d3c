// Runs once before all test projects: the database holds the schema and the
// demo data, the read-only user exists, the bigger copy of the demo data is
// built (tests/support/db/large-dataset.ts), and the auth helper is bundled
// for the worker project's auxiliary Worker.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { setupDatabase } from '../scripts/db/setup.ts'
import { loadLargeDataset } from './support/db/large-dataset.ts'

const root = fileURLToPath(new URL('../', import.meta.url))

export default async function setup(): Promise<void> {
  await setupDatabase()
  await loadLargeDataset()
  execFileSync(
    process.execPath,
    [
      root + 'node_modules/wrangler/bin/wrangler.js',
      'deploy',
      '--dry-run',
      '--outdir',
      root + '.build/auth-helper',
      '-c',
      root + 'services/auth-helper/wrangler.toml',
    ],
    { stdio: 'pipe', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } },
  )
}
