// npm run mock [-- --port 4010] [--host 127.0.0.1] [--spec openapi.yaml] [--no-rate-limit]
// The integrators' mock of the API on 127.0.0.1:4010 (docs/integrators.md).
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { DEMO_CREDENTIALS } from './demo-credentials.ts'
import { startMock } from './server.ts'
import { loadMockSpec } from './spec-examples.ts'

const root = join(import.meta.dirname, '../..')

async function main(): Promise<number> {
  let values
  try {
    ;({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '4010' },
        host: { type: 'string', default: '127.0.0.1' },
        spec: { type: 'string', default: join(root, 'openapi.yaml') },
        'no-rate-limit': { type: 'boolean', default: false },
        'test-hooks': { type: 'boolean', default: false },
      },
    }))
  } catch (error) {
    console.error(
      `${(error as Error).message}\nusage: npm run mock -- [--port 4010] [--host 127.0.0.1] [--spec openapi.yaml] [--no-rate-limit]`,
    )
    return 2
  }
  const port = Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a TCP port (0-65535), got ${values.port}`)
    return 2
  }
  let mock
  try {
    mock = await startMock({
      spec: loadMockSpec(values.spec),
      port,
      host: values.host,
      rateLimit: !values['no-rate-limit'],
      testHooks: values['test-hooks'],
    })
  } catch (error) {
    console.error(`mock failed to start: ${(error as Error).message}`)
    return 1
  }
  const [main] = DEMO_CREDENTIALS
  console.log(
    [
      `Adventive Public API mock on ${mock.url}/ (${values.spec})`,
      `  Credentials it accepts (the demo ones; any other pair is 401 Invalid credentials):`,
      ...DEMO_CREDENTIALS.map((c) => `    ${c.integrationKey} / ${c.apiKey}  (${c.rph} requests per hour)`),
      `  Try: curl '${mock.url}/v2.0/analytics?from=2024-03-01&to=2024-03-03&format=xml' -H 'X-Integration-Key: ${main!.integrationKey}' -H 'X-Api-Key: ${main!.apiKey}'`,
      `  Prefer: code=404|503|504 for what a mock cannot know; docs/integrators.md says what differs from the API.`,
      'Ctrl-C to stop.',
    ].join('\n'),
  )
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })
  await mock.stop()
  return 0
}

process.exitCode = await main()
