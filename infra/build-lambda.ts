// Builds a Lambda bundle (.build/<name>-lambda/index.mjs, outside lint scope) with esbuild, for the
// Terraform that zips it (infra/promotion, infra/cloudflared).
// Usage: node infra/build-lambda.ts <promotion|health-check>
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const LAMBDAS = {
  promotion: 'infra/promotion/lambda/src/index.ts',
  'health-check': 'infra/cloudflared/health-check/src/index.ts',
} as const
export type LambdaName = keyof typeof LAMBDAS

// The AWS SDK is CommonJS and requires Node built-ins; an ESM bundle needs a real `require` for them.
const REQUIRE_SHIM =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"

export function buildArgs(name: LambdaName, outfile: string): string[] {
  return [
    LAMBDAS[name],
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
  const name = process.argv[2] as LambdaName
  if (!(name in LAMBDAS)) {
    console.error(`usage: node infra/build-lambda.ts <${Object.keys(LAMBDAS).join('|')}>`)
    process.exit(2)
  }
  const root = fileURLToPath(new URL('..', import.meta.url))
  execFileSync(`${root}node_modules/.bin/esbuild`, buildArgs(name, `.build/${name}-lambda/index.mjs`), {
    cwd: root,
    stdio: 'inherit',
  })
}
