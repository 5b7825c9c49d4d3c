// The health-check Lambda as deployed: bundled by esbuild (npm run build:health-check-lambda) and
// loaded by Node; its handler refuses to run without its configuration, before any AWS call.
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { expect, it } from 'vitest'
import { buildArgs } from '../../build-lambda.ts'

it('bundles into one ESM file whose handler loads and names missing configuration', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'health-check-')), 'index.mjs')
  const root = fileURLToPath(new URL('../../../', import.meta.url))
  execFileSync(join(root, 'node_modules/.bin/esbuild'), buildArgs('health-check', out), { cwd: root })
  const saved = { ...process.env }
  try {
    Object.assign(process.env, { AWS_REGION: 'us-east-1', UNHEALTHY_MINUTES: '3', ENV: 'prd' })
    delete process.env.ASG_NAME
    const { handler } = (await import(pathToFileURL(out).href)) as { handler: () => Promise<unknown> }
    await expect(handler()).rejects.toThrow('environment variable ASG_NAME is not set')
    process.env.UNHEALTHY_MINUTES = '1'
    await expect(handler()).rejects.toThrow('UNHEALTHY_MINUTES must be a whole number >= 2')
  } finally {
    process.env = saved
  }
}, 60_000)
