// Builds the promotion Lambda bundle (.build/promotion-lambda/index.mjs, outside lint scope) with esbuild.
// Usage: node infra/promotion/lambda/build.ts
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

// The AWS SDK is CommonJS and requires Node built-ins; an ESM bundle needs a real `require` for them.
const REQUIRE_SHIM =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"

export function buildArgs(outfile: string): string[] {
  return [
    'infra/promotion/lambda/src/index.ts',
    '--bundle',
    '--platform=node',
    '--target=node22',
    '--format=esm',
    '--log-level=warning',
    `--outfile=${outfile}`,
    `--banner:js=${REQUIRE_SHIM}`,
  ]
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = fileURLToPath(new URL('../../..', import.meta.url))
  execFileSync(`${root}node_modules/.bin/esbuild`, buildArgs('.build/promotion-lambda/index.mjs'), {
    cwd: root,
    stdio: 'inherit',
  })
}
