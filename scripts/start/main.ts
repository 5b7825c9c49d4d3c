// `npm start` (via scripts/start-local.sh): the local stack on http://127.0.0.1:8787 until
// Ctrl-C. What a developer needs is printed here, not behind another command: the MySQL help
// when the database does not answer, wrangler's own errors (a build that failed, at start or
// on a later edit), and its last output if it dies.
//
//   node scripts/start/main.ts [--port N] [--seed file.sql | --no-seed] [--var NAME:value …] [--verbose]
import { DEMO_CREDENTIALS, startLocalStack, type LocalStack } from '../local-stack.ts'
import { parseStartArgs, START_USAGE, StartUsageError, type StartOptions } from './args.ts'

function banner(stack: LocalStack, options: StartOptions, startedMs: number): string {
  const vars = Object.entries(options.vars)
  return [
    '',
    `Adventive Public API (local) is up in ${((Date.now() - startedMs) / 1000).toFixed(1)} s`,
    `  API:          ${stack.url}/`,
    `  Health:       ${stack.url}/__health`,
    `  Docs:         ${stack.url}/docs`,
    `  OpenAPI:      ${stack.url}/openapi.yaml`,
    ...(vars.length > 0
      ? [`  Vars:         ${vars.map(([name, value]) => `${name}=${value}`).join(', ')}`]
      : []),
    `  Demo credentials (local only):`,
    `    X-Integration-Key: ${DEMO_CREDENTIALS.integrationKey}`,
    `    X-Api-Key:         ${DEMO_CREDENTIALS.apiKey}`,
    `  Try: curl -H 'X-Integration-Key: ${DEMO_CREDENTIALS.integrationKey}' -H 'X-Api-Key: ${DEMO_CREDENTIALS.apiKey}' ${stack.url}/credentialscheck`,
    'Ctrl-C to stop.',
  ].join('\n')
}

export async function main(argv: string[]): Promise<number> {
  let options: StartOptions
  try {
    options = parseStartArgs(argv)
  } catch (err) {
    if (!(err instanceof StartUsageError)) throw err
    console.error(`npm start: ${err.message}\n${START_USAGE}`)
    return 2
  }
  if (options.help) {
    console.log(START_USAGE)
    return 0
  }
  const started = Date.now()
  let stack: LocalStack
  try {
    stack = await startLocalStack({
      port: options.port,
      seed: options.seed,
      vars: options.vars,
      echo: options.verbose,
      // With --verbose everything is echoed already.
      onWranglerError: options.verbose ? undefined : (block) => console.error(block),
    })
  } catch (err) {
    console.error(`local stack failed to start:\n${(err as Error).message}`)
    return 1
  }
  console.log(banner(stack, options, started))
  const crashed = await new Promise<boolean>((resolve) => {
    process.once('SIGINT', () => resolve(false))
    process.once('SIGTERM', () => resolve(false))
    void stack.exited().then(() => resolve(true))
  })
  await stack.stop()
  if (crashed && !options.verbose)
    console.error(`wrangler dev exited unexpectedly; its last output:\n${stack.outputTail()}`)
  else if (crashed) console.error('wrangler dev exited unexpectedly (its output is above)')
  return crashed ? 1 : 0
}

if (import.meta.main) {
  process.exitCode = await main(process.argv.slice(2))
}
