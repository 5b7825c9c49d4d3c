// The handlers inside workerd, through Hyperdrive and the Worker's own
// database module (mysql2 there, streaming included), against the demo data:
// the same answers PHP recorded.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { HANDLERS } from '../../../src/handlers/index.ts'
import type { ApiVersion, Endpoint, LegacyParams } from '../../../src/handlers/types.ts'
import { openDatabases } from '../../../src/lib/db.ts'
import { toPlain } from '../../node/handlers/support/plain.ts'
import campaignsJson from '../../../parity/fixtures/campaigns-advertiser-json.json'
import dataconnector1 from '../../../parity/fixtures/dataconnector-1-json.json'
import dataconnector2 from '../../../parity/fixtures/dataconnector-2-json.json'
import analyticsV2 from '../../../parity/fixtures/analytics-v2-json.json'

const ctx = {
  waitUntil: () => undefined,
  passThroughOnException: () => undefined,
  props: {},
} as unknown as ExecutionContext

interface Case {
  endpoint: Endpoint
  version: ApiVersion
  params: Partial<LegacyParams>
  fixture: { name: string; steps: { response: { bodyText: string } }[] }
}

// Parameters spelled out from each fixture's request (account 1 = the main key).
const CASES: Case[] = [
  { endpoint: 'campaigns', version: '1.0', params: { advertiserId: '1' }, fixture: campaignsJson },
  {
    endpoint: 'analytics',
    version: '2.0',
    params: { from: '2024-03-01', to: '2024-03-02' },
    fixture: analyticsV2,
  },
  {
    endpoint: 'dataconnector',
    version: '1.0',
    params: { from: '2024-03-01', to: '2024-03-02', dataConnector: 1 },
    fixture: dataconnector1,
  },
  {
    endpoint: 'dataconnector',
    version: '1.0',
    params: { from: '2024-03-01', to: '2024-03-02', dataConnector: 2 },
    fixture: dataconnector2,
  },
]

describe('handlers on the Worker database module', () => {
  it.each(CASES.map((c) => [c.fixture.name, c] as const))(
    'returns what PHP rendered in %s',
    async (_name, c) => {
      const db = openDatabases(env, ctx)
      try {
        const params: LegacyParams = {
          from: '2024-02-14',
          to: '2024-03-15',
          advertiserId: null,
          removeZeros: false,
          dataConnector: 1,
          ...c.params,
        }
        const value = await HANDLERS[c.endpoint]({ accountId: 1, version: c.version, params, db })
        const actual = await toPlain(value)
        expect(JSON.stringify(actual)).toBe(JSON.stringify(JSON.parse(c.fixture.steps[0]!.response.bodyText)))
      } finally {
        db.close()
      }
    },
  )
})
