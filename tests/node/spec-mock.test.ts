// The mocks an integrator can run: `npm run mock` (scripts/mock/, answers like the API from the
// spec's examples) and plain Prism over the published /openapi.yaml (what docs/integrators.md
// promises it does and does not do). The fixture-by-fixture replay against the mock is the
// parity run `--target mock` (npm test); these pin the behaviours one by one.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { load } from 'js-yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { credentialHeaders, MAIN, RPH3 } from '../../scripts/db/demo-credentials.ts'
import { startMock, type RunningMock } from '../../scripts/mock/server.ts'
import { loadMockSpec } from '../../scripts/mock/spec-examples.ts'
import { startPrism } from '../../parity/lib/prism.ts'
import { freePort, startServiceProcess, waitUntilServing } from '../../parity/lib/service-process.ts'
import { renderBody as render } from '../../src/render/body.ts'
import { ApiError, createClient } from '../../sdk/src/index.ts'
import { repoRoot } from './contract-support.ts'

/** The published spec the Worker serves at /openapi.yaml (generated/docs/, a static asset). */
const openApiYaml = readFileSync(new URL('../../generated/docs/openapi.yaml', import.meta.url), 'utf8')

const example = (name: string) =>
  (load(readFileSync(`${repoRoot}spec/examples/${name}.yaml`, 'utf8')) as { value: unknown }).value
const main = credentialHeaders(MAIN)
const rl3 = credentialHeaders(RPH3)
const csvType = 'application/csv; charset=utf-8'
const bytes = async (res: Response) => Buffer.from(await res.arrayBuffer())
const envelope = async (format: 'json' | 'xml' | 'csv', error: string) =>
  Buffer.from(await render(format, { status: false, error }))

let mock: RunningMock
let url: string

beforeAll(async () => {
  mock = await startMock({ spec: loadMockSpec(join(repoRoot, 'openapi.yaml')) })
  url = mock.url
}, 60_000)

afterAll(async () => mock?.stop())

describe('npm run mock: formats from the query, like the API', () => {
  it('serves ?format=csv as UTF-16LE with application/csv; charset=utf-8', async () => {
    const res = await fetch(`${url}/v2.0/analytics?from=2024-03-01&to=2024-03-03&format=csv`, {
      headers: main,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe(csvType)
    expect(await bytes(res)).toEqual(Buffer.from(example('AnalyticsV2Csv') as string, 'utf16le'))
  })

  it('serves ?format=xml (any case) as the XML example, whatever Accept says', async () => {
    const res = await fetch(`${url}/connector?format=XmL`, {
      headers: { ...main, Accept: 'application/json' },
    })
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8')
    expect(await res.text()).toBe(example('ConnectorXml'))
  })

  it('serves JSON by default, printed like PHP json_encode (escaped slashes)', async () => {
    const res = await fetch(`${url}/clickthroughs?from=2024-03-01&to=2024-03-01&format=yaml`, {
      headers: main,
    })
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    const text = await res.text()
    expect(JSON.parse(text)).toEqual(example('ClickthroughsJson'))
    expect(text).toContain('https:\\/\\/')
  })

  it('reads version and data_connector on bare paths, and raw paths with empty segments', async () => {
    const v2 = await fetch(`${url}//analytics/?version=2.0&from=2024-03-01&to=2024-03-03`, { headers: main })
    expect(await v2.json()).toEqual(example('AnalyticsV2Json'))
    const rows = await fetch(`${url}/dataconnector?data_connector=2&from=2024-03-01&to=2024-03-02`, {
      headers: main,
    })
    expect(await rows.json()).toEqual(example('DataConnectorRowsJson'))
    const table = await fetch(`${url}/v1.0/dataconnector?from=2024-03-01&to=2024-03-02`, { headers: main })
    expect(await table.json()).toEqual(example('DataConnectorTableJson'))
  })
})

describe('npm run mock: credentials and errors without Prefer headers', () => {
  it('answers a missing key with 401 Missing API credentials, in the requested format', async () => {
    const res = await fetch(`${url}/campaigns?format=csv`, { headers: { 'X-Api-Key': main['X-Api-Key'] } })
    expect(res.status).toBe(401)
    expect(res.headers.get('content-type')).toBe(csvType)
    expect(await bytes(res)).toEqual(await envelope('csv', 'Missing API credentials'))
  })

  it('answers a key that is not a demo key with 401 Invalid credentials', async () => {
    const res = await fetch(`${url}/credentialscheck?format=xml`, {
      headers: { ...main, 'X-Api-Key': 'ak_main_5F2B9C81D7E04A6B93C1E8F0A4D27B6E' },
    })
    expect(res.status).toBe(401)
    expect(await bytes(res)).toEqual(await envelope('xml', 'Invalid credentials'))
  })

  it('answers format=php or serialized with the 410 envelope (JSON)', async () => {
    const res = await fetch(`${url}/v2.0/campaigns?format=Serialized`, { headers: main })
    expect(res.status).toBe(410)
    expect(await res.json()).toEqual(example('GoneJson'))
  })

  it('checks parameters in the API’s order with its messages', async () => {
    const res = await fetch(`${url}/analytics?version=3&from=bad&format=csv`, { headers: main })
    expect(res.status).toBe(400)
    expect(await bytes(res)).toEqual(await envelope('csv', 'Invalid version'))
    const range = await fetch(`${url}/analytics?from=2023-03-30&to=2024-03-31`, { headers: main })
    expect(await range.json()).toEqual({ status: false, error: 'Date range cannot exceed 366 days' })
  })

  it('counts requests per credential and hour: the rph-3 demo key gets a 429 with Retry-After', async () => {
    const answers = []
    for (let i = 0; i < 4; i++) answers.push(await fetch(`${url}/credentialscheck`, { headers: rl3 }))
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 429])
    expect(answers[2]!.headers.get('x-ratelimit-remaining')).toBe('0')
    const limited = answers[3]!
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await limited.json()).toEqual({ status: false, error: 'Rate limit exceeded: 3 requests per hour' })
  })

  it('answers unknown paths and other methods with 404 Unknown method', async () => {
    const unknown = await fetch(`${url}/Analytics?format=xml`, { headers: main })
    expect(unknown.status).toBe(404)
    expect(await bytes(unknown)).toEqual(await envelope('xml', 'Unknown method'))
    const post = await fetch(`${url}/analytics`, { method: 'POST', headers: main })
    expect(post.status).toBe(404)
  })

  it('gives what it cannot know on request: Prefer: code=404 is Advertiser not found', async () => {
    const res = await fetch(`${url}/campaigns?advertiser_id=999999&format=csv`, {
      headers: { ...main, Prefer: 'code=404' },
    })
    expect(res.status).toBe(404)
    expect(await bytes(res)).toEqual(await envelope('csv', 'Advertiser not found'))
  })

  it('sends X-Request-Id and the rate-limit headers, and lets a browser read them', async () => {
    const res = await fetch(`${url}/advertisers`, { headers: { ...main, Origin: 'https://partner.example' } })
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(res.headers.get('x-ratelimit-limit')).toBe('200')
    expect(res.headers.get('access-control-allow-origin')).toBe('https://partner.example')
    expect(res.headers.get('access-control-expose-headers')).toContain('X-RateLimit-Remaining')
  })
})

describe('the SDK against npm run mock', () => {
  it('reads typed rows, CSV rows with the same columns, and ApiError with the legacy message', async () => {
    const api = createClient({
      integrationKey: main['X-Integration-Key'],
      apiKey: main['X-Api-Key'],
      baseUrl: url,
    })
    const rows = await api.analytics({ from: '2024-03-01', to: '2024-03-03', version: '2.0' })
    const csv = await api.analytics({ from: '2024-03-01', to: '2024-03-03', version: '2.0', format: 'csv' })
    expect(Object.keys(csv[0]!)).toEqual(Object.keys(rows[0]!))
    const wrong = createClient({ integrationKey: MAIN.integrationKey, apiKey: 'nope', baseUrl: url })
    const error = await wrong.connector({ format: 'csv' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({ status: 401, error: 'Invalid credentials' })
    expect((error as ApiError).requestId).toBeTruthy()
  })
})

describe('npm run mock -- --port', () => {
  it('listens on the port it is given', async () => {
    const port = await freePort()
    const service = startServiceProcess(process.execPath, ['scripts/mock/cli.ts', '--port', String(port)], {
      cwd: repoRoot,
      env: process.env,
    })
    try {
      await waitUntilServing(service, `http://127.0.0.1:${port}/__health`, {
        timeoutMs: 30_000,
        what: 'npm run mock',
      })
      const res = await fetch(`http://127.0.0.1:${port}/credentialscheck`, { headers: main })
      expect(await res.json()).toEqual({ status: true })
    } finally {
      await service.stop()
    }
  }, 40_000)
})

describe('plain Prism over the published /openapi.yaml (docs/integrators.md)', () => {
  let prism: { url: string; stop(): Promise<void> }
  const scratch = mkdtempSync(join(tmpdir(), 'adv-published-spec-'))

  beforeAll(async () => {
    const published = join(scratch, 'openapi.yaml')
    writeFileSync(published, openApiYaml)
    prism = await startPrism(published)
  }, 70_000)

  afterAll(async () => {
    await prism?.stop()
    rmSync(scratch, { recursive: true, force: true })
  })

  it('serves the JSON example and ignores ?format', async () => {
    const res = await fetch(`${prism.url}/v2.0/analytics?from=2024-03-01&to=2024-03-03&format=csv`, {
      headers: main,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await res.json()).toEqual(example('AnalyticsV2Json'))
  })

  it('serves CSV only for Accept: application/csv, and then as UTF-8 text', async () => {
    const res = await fetch(`${prism.url}/connector`, { headers: { ...main, Accept: 'application/csv' } })
    expect(res.headers.get('content-type')).toMatch(/^application\/csv/)
    expect(await res.text()).toBe(example('ConnectorCsv'))
  })

  it('answers 401 only when a key header is missing, and any key value passes', async () => {
    const missing = await fetch(`${prism.url}/credentialscheck`, { headers: { 'X-Api-Key': 'x' } })
    expect(missing.status).toBe(401)
    const wrong = await fetch(`${prism.url}/credentialscheck`, {
      headers: { 'X-Api-Key': 'x', 'X-Integration-Key': 'y' },
    })
    expect(wrong.status).toBe(200)
  })

  it('answers a value that breaks the schema with the first 400 example, and lets an unreal date pass', async () => {
    const unpadded = await fetch(`${prism.url}/analytics?from=2024-1-05`, { headers: main })
    expect(unpadded.status).toBe(400)
    expect(await unpadded.json()).toEqual({ status: false, error: 'Invalid version' })
    const feb30 = await fetch(`${prism.url}/analytics?from=2024-02-30`, { headers: main })
    expect(feb30.status).toBe(200)
  })

  it('answers unknown paths 404 and other methods 405, with its own bodies', async () => {
    expect((await fetch(`${prism.url}/reports`, { headers: main })).status).toBe(404)
    expect((await fetch(`${prism.url}/analytics`, { method: 'POST', headers: main })).status).toBe(405)
  })

  it('needs Prefer for the deviations', async () => {
    const res = await fetch(`${prism.url}/campaigns?format=php`, { headers: { ...main, Prefer: 'code=410' } })
    expect(res.status).toBe(410)
    expect(await res.json()).toEqual(example('GoneJson'))
  })
})
