// `npm run mock` (Prism over openapi.yaml) serves the recorded legacy examples, and the
// generated partner client works against it.
import { readFileSync } from 'node:fs'
import { load } from 'js-yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAdventiveClient } from '../../generated/client/index.ts'
import { startPrism, type RunningMock } from '../../parity/lib/prism.ts'
import { repoRoot } from './contract-support.ts'

const example = (name: string) =>
  (load(readFileSync(`${repoRoot}spec/examples/${name}.yaml`, 'utf8')) as { value: unknown }).value
const credentials = { 'X-Api-Key': 'ak_demo', 'X-Integration-Key': 'adv-int-demo' }

let prism: RunningMock
let baseUrl: string

beforeAll(async () => {
  prism = await startPrism()
  baseUrl = prism.url
}, 70_000)

afterAll(async () => prism?.stop())

describe('the Prism mock of openapi.yaml', () => {
  it('answers a JSON request with the recorded legacy body', async () => {
    const res = await fetch(`${baseUrl}/v2.0/analytics?from=2024-02-01&to=2024-02-02`, {
      headers: credentials,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await res.json()).toEqual(example('AnalyticsV2Json'))
  })

  it('answers an XML request with the recorded XML document', async () => {
    const res = await fetch(`${baseUrl}/connector?format=xml`, {
      headers: { ...credentials, Accept: 'application/xml' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8')
    expect(await res.text()).toBe(example('ConnectorXml'))
  })

  it('answers 401 with the legacy envelope when a credential header is missing', async () => {
    const res = await fetch(`${baseUrl}/credentialscheck`, { headers: { 'X-Api-Key': 'ak_demo' } })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({ status: false, error: 'Missing API credentials' })
  })

  it('serves the Worker deviations on request (Prefer: code=410)', async () => {
    const res = await fetch(`${baseUrl}/campaigns?format=php`, {
      headers: { ...credentials, Prefer: 'code=410' },
    })
    expect(res.status).toBe(410)
    expect(await res.json()).toEqual(example('GoneJson'))
  })
})

describe('the generated openapi-fetch client', () => {
  it('sends both credential headers and returns the typed rows', async () => {
    const api = createAdventiveClient({ apiKey: 'ak_demo', integrationKey: 'adv-int-demo' }, { baseUrl })
    const { data, error, response } = await api.GET('/v1.0/connector', {
      params: { query: { from: '2024-03-01', to: '2024-03-03' } },
    })
    expect(error).toBeUndefined()
    expect(response.status).toBe(200)
    expect(data?.[0]?.advertiser_name).toBe(
      (example('ConnectorJson') as { advertiser_name: string }[])[0]?.advertiser_name,
    )
  })
})
