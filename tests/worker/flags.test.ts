// Per-endpoint feature flags ([vars] HANDLER_<NAME>_ENABLED, from the registry):
// an endpoint switched off answers like an unknown method, before anything else.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { credentialHeaders, MAIN } from '../../scripts/db/demo-credentials.ts'
import { flagName } from '../../src/endpoints/endpoint.ts'
import { ENDPOINTS, endpointNamed } from '../../src/endpoints/registry.ts'
import { handlerEnabled } from '../../src/pipeline/flags.ts'
import { ownWorker } from './support/requests.ts'

const endpoint = (name: string) => endpointNamed(name)!
const UNKNOWN = '{"status":false,"error":"Unknown method"}'

describe('handlerEnabled', () => {
  it('serves every endpoint at every version with the flags as configured', () => {
    for (const e of ENDPOINTS) {
      expect(handlerEnabled(env, e, '1.0'), e.name).toBe(true)
      expect(handlerEnabled(env, e, '2.0'), e.name).toBe(true)
    }
  })

  it('turns an endpoint off when its flag is neither "true" nor "1"', () => {
    for (const value of ['false', '0', '', 'TRUE', 'yes']) {
      const vars = { ...env, HANDLER_CAMPAIGNS_ENABLED: value }
      expect(handlerEnabled(vars, endpoint('campaigns'), '1.0'), value).toBe(false)
      expect(handlerEnabled(vars, endpoint('advertisers'), '1.0')).toBe(true)
    }
    expect(handlerEnabled({ ...env, HANDLER_CAMPAIGNS_ENABLED: '1' }, endpoint('campaigns'), '1.0')).toBe(
      true,
    )
    const { HANDLER_CONNECTOR_ENABLED: _absent, ...withoutFlag } = env as unknown as Record<string, unknown>
    expect(handlerEnabled(withoutFlag, endpoint('connector'), '1.0')).toBe(false)
  })

  it('can switch analytics v2 off alone', () => {
    const v2Off = { ...env, HANDLER_ANALYTICS_V2_ENABLED: 'false' }
    expect(handlerEnabled(v2Off, endpoint('analytics'), '2.0')).toBe(false)
    expect(handlerEnabled(v2Off, endpoint('analytics'), '1.0')).toBe(true)
    expect(handlerEnabled(v2Off, endpoint('dataconnector'), '2.0')).toBe(true)
  })

  it('reads the flag named after the endpoint', () => {
    expect(ENDPOINTS.map((e) => flagName(e.name))).toContain('HANDLER_DATACONNECTOR_ENABLED')
  })
})

describe('a switched-off endpoint, through the Worker', () => {
  it('answers 404 Unknown method at every path, before authentication', async () => {
    const worker = ownWorker({ HANDLER_CAMPAIGNS_ENABLED: 'false' })
    for (const path of ['/campaigns', '/v1.0/campaigns', '/v2.0/campaigns?format=xml']) {
      const res = await worker.fetch(path)
      expect(res.status, path).toBe(404)
      if (!path.includes('xml')) expect(await res.text()).toBe(UNKNOWN)
    }
    expect((await worker.fetch('/advertisers', credentialHeaders(MAIN))).status).toBe(200)
  })

  it('turns off analytics 2.0 alone, whether the path or the version parameter asks for it', async () => {
    const worker = ownWorker({ HANDLER_ANALYTICS_V2_ENABLED: 'false' })
    const status = async (path: string) => (await worker.fetch(path, credentialHeaders(MAIN))).status
    const range = 'from=2024-03-01&to=2024-03-01'
    expect(await status(`/v2.0/analytics?${range}`)).toBe(404)
    expect(await status(`/analytics?version=2.0&${range}`)).toBe(404)
    expect(await status(`/v1.0/analytics?${range}`)).toBe(200)
    expect(await status(`/analytics?${range}`)).toBe(200)
  })
})
