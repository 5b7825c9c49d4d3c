// Each endpoint against the demo data reproduces what PHP answered: every
// recorded 200 JSON body, value for value and key for key, with the
// parameters the validator makes of the recorded request.
import { afterAll, describe, expect, it } from 'vitest'
import { recordedFixtureSteps } from '../../../parity/lib/fixtures.ts'
import { endpointSteps, utf8 } from '../../../parity/lib/recorded-steps.ts'
import { ENDPOINTS } from '../../../src/endpoints/registry.ts'
import { runRecorded, toPlain } from '../../support/endpoints/recorded-run.ts'
import { openDatabases } from '../support/mysql-client.ts'

const db = openDatabases()
afterAll(() => db.close())

const steps = endpointSteps(recordedFixtureSteps())

describe.each(ENDPOINTS.map((e) => e.name))('GET /%s', (name) => {
  const cases = steps.filter((s) => s.endpoint.name === name && s.format === 'json')

  it('has recorded JSON answers to check against', () => {
    expect(cases.length).toBeGreaterThan(0)
  })

  it.each(cases.map((c) => [c.id, c] as const))('returns the data PHP rendered in %s', async (_id, step) => {
    const actual = await toPlain(await runRecorded(db, step))
    const expected = JSON.parse(utf8(step.body)) as unknown
    expect(actual).toEqual(expected)
    // toEqual ignores key order; PHP's key order is part of the bytes.
    expect(JSON.stringify(actual)).toBe(JSON.stringify(expected))
  })
})
