// generated/worker-configuration.d.ts: the workerd runtime types for the compatibility date
// and flags in wrangler.toml (`wrangler types`, bindings left to src/env.ts). The one
// generated file whose source is wrangler.toml rather than the spec.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runTool } from './run-tool.ts'

export function generateWorkerTypes(workDir: string): string {
  const out = join(workDir, 'worker-configuration.d.ts')
  runTool('wrangler', ['types', out, '--include-env=false'])
  return readFileSync(out, 'utf8')
}
