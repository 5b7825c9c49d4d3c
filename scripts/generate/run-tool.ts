// Runs one of the project's CLI tools from node_modules/.bin and fails loudly with its output.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))

export function runTool(tool: string, args: string[]): string {
  try {
    return execFileSync(`${repoRoot}node_modules/.bin/${tool}`, args, {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        REDOCLY_TELEMETRY: 'off',
        REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
        WRANGLER_SEND_METRICS: 'false',
      },
    })
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string }
    throw new Error(`${tool} ${args.join(' ')} failed:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`, {
      cause: error,
    })
  }
}
