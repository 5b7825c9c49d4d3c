// Starts the Prism mock of openapi.yaml on a free port for `--target mock`.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { freePort, startServiceProcess, waitUntilServing } from './service-process.ts'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

export interface RunningMock {
  url: string
  stop(): Promise<void>
}

export async function startPrism(
  spec = join(ROOT, 'openapi.yaml'),
  timeoutMs = 60_000,
): Promise<RunningMock> {
  if (!existsSync(spec))
    throw new Error(`--target mock needs ${spec} (the OpenAPI spec Prism mocks); it does not exist yet`)
  const port = await freePort()
  const service = startServiceProcess(
    join(ROOT, 'node_modules/.bin/prism'),
    ['mock', spec, '-h', '127.0.0.1', '-p', String(port)],
    {
      cwd: ROOT,
      env: process.env,
    },
  )
  const url = `http://127.0.0.1:${port}`
  try {
    // Any HTTP answer means it listens (an unknown path is Prism's own 404).
    await waitUntilServing(service, `${url}/__prism_ready`, {
      timeoutMs,
      what: 'prism mock',
      accept: () => true,
    })
  } catch (err) {
    await service.stop()
    throw err
  }
  return { url, stop: () => service.stop() }
}
