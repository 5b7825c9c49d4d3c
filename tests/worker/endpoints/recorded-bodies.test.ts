// The endpoints inside workerd, on the Worker's own database module
// (Hyperdrive, the runtime's sockets, streamed results), against the demo
// data: every recorded 200 answer in json, xml and csv, byte for byte, with
// the parameters the validator makes of the recorded request.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { createLogger } from '@adventive/worker-kit/logger'
import { ENDPOINTS } from '../../../src/endpoints/registry.ts'
import { openDatabases } from '../../../src/pipeline/databases.ts'
import { newMetrics } from '../../../src/platform/request-log.ts'
import { renderBody } from '../../../src/render/body.ts'
import { firstDifference } from '../../support/bytes.ts'
import { runRecorded } from '../../support/endpoints/recorded-run.ts'
import { ENDPOINT_STEPS } from '../support/recorded.ts'

const quiet = createLogger({}, () => undefined)

describe('the recorded fixtures', () => {
  it('reach every endpoint', () => {
    expect(new Set(ENDPOINT_STEPS.map((s) => s.endpoint.name))).toEqual(new Set(ENDPOINTS.map((e) => e.name)))
  })
})

describe.each(ENDPOINTS.map((e) => e.name))('GET /%s on the Worker’s database module', (name) => {
  const steps = ENDPOINT_STEPS.filter((s) => s.endpoint.name === name)

  it.each(steps.map((s) => [s.id, s] as const))('sends the bytes PHP sent in %s', async (_id, step) => {
    const pending: Promise<unknown>[] = []
    const db = openDatabases(env, (p) => void pending.push(p), quiet, newMetrics())
    try {
      const body = await renderBody(step.format, await runRecorded(db, step))
      expect(firstDifference(body, step.body)).toBe('identical')
    } finally {
      db.close()
      await Promise.all(pending)
    }
  })
})
