// npm run load -- --target <url> --profile <file> [--requests N] [--duration S]
//   [--concurrency C] [--seed N] [--json <out file>] [--rotate-rate-namespace N] [--fail-on-threshold]
//
// Credentials come from the environment (LOAD_INTEGRATION_KEY, LOAD_API_KEY),
// never from the profile. Bounded by the profile's maxRequests and
// maxDurationSeconds (flags can only lower them). See docs/runbooks/cutover.md
// for the staging soak.
import { writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { createProgress } from '../progress.ts'
import { loadProfile } from './profile.ts'
import { formatReport } from './report.ts'
import { breaches, runLoad } from './run.ts'

const USAGE =
  'usage: npm run load -- --target <url> --profile <file> [--requests N] [--duration S] [--concurrency C] [--json out.json]'

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      target: { type: 'string' },
      profile: { type: 'string' },
      requests: { type: 'string' },
      duration: { type: 'string' },
      concurrency: { type: 'string' },
      seed: { type: 'string' },
      json: { type: 'string' },
      'rotate-rate-namespace': { type: 'string' },
      'fail-on-threshold': { type: 'boolean' },
    },
  })
  if (!values.target || !values.profile) {
    console.error(USAGE)
    return 2
  }
  let target: URL
  try {
    target = new URL(values.target)
  } catch {
    console.error(`load: --target is not a URL: ${values.target}`)
    return 2
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    console.error('load: --target must be http(s)')
    return 2
  }
  const number = (v: string | undefined) => (v === undefined ? undefined : Number(v))
  const profile = loadProfile(values.profile)
  const headers: Record<string, string> = {}
  if (process.env.LOAD_INTEGRATION_KEY) headers['X-Integration-Key'] = process.env.LOAD_INTEGRATION_KEY
  if (process.env.LOAD_API_KEY) headers['X-Api-Key'] = process.env.LOAD_API_KEY

  const progress = createProgress('load')
  const report = await runLoad({
    target: values.target,
    profile,
    headers,
    maxRequests: number(values.requests),
    maxDurationSeconds: number(values.duration),
    concurrency: number(values.concurrency),
    seed: number(values.seed),
    rotateRateNamespaceEvery: number(values['rotate-rate-namespace']),
    onProgress: (p) =>
      progress.update(p.fraction, `${p.requests} requests, ${p.errors} errors, ${p.elapsedSeconds} s`),
  })
  progress.finish()
  console.log(formatReport(report))
  if (values.json) writeFileSync(values.json, JSON.stringify(report, null, 2) + '\n')
  const breached = breaches(report, profile)
  for (const b of breached) console.log(`threshold breached: ${b}`)
  return values['fail-on-threshold'] && breached.length > 0 ? 1 : 0
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`load: ${error instanceof Error ? error.message : String(error)}`)
      process.exit(2)
    },
  )
}
