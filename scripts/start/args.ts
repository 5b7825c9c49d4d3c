// The command line of `npm start -- …` (scripts/start/main.ts).
import { parseArgs } from 'node:util'

export const START_USAGE = `usage: npm start -- [--port N] [--seed file.sql | --no-seed] [--var NAME:value …] [--verbose]
  --port N           listen on 127.0.0.1:N (default $PORT or 8787)
  --seed file.sql    load this seed instead of the demo data; --no-seed keeps the data as it is
  --var NAME:value   set a var of the API Worker (repeatable), e.g. --var HANDLER_ADVERTISERS_ENABLED:false
  --verbose          show all of wrangler's output (its errors are always shown)`

export interface StartOptions {
  port: number
  /** A seed file, the demo seed (undefined), or null for none. */
  seed: string | null | undefined
  vars: Record<string, string>
  verbose: boolean
  help: boolean
}

export class StartUsageError extends Error {}

const VAR = /^([A-Za-z_][A-Za-z0-9_]*):(.*)$/s

/** `NAME:value` → [NAME, value] (the value may hold colons, as URLs do, and may be empty). */
export function parseVar(spec: string): [string, string] {
  const match = VAR.exec(spec)
  if (!match) throw new StartUsageError(`--var wants NAME:value (NAME of letters, digits, _), got "${spec}"`)
  return [match[1]!, match[2]!]
}

export function parseStartArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): StartOptions {
  let values
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        seed: { type: 'string' },
        'no-seed': { type: 'boolean', default: false },
        var: { type: 'string', multiple: true, default: [] },
        verbose: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }))
  } catch (err) {
    throw new StartUsageError((err as Error).message, { cause: err })
  }
  const portText = values.port ?? env.PORT ?? '8787'
  const port = Number(portText)
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535)
    throw new StartUsageError(`--port wants a port number (1-65535), got "${portText}"`)
  if (values['no-seed'] && values.seed !== undefined)
    throw new StartUsageError('--seed and --no-seed exclude each other')
  return {
    port,
    seed: values['no-seed'] ? null : values.seed,
    vars: Object.fromEntries(values.var.map(parseVar)),
    verbose: values.verbose,
    help: values.help,
  }
}
