// Each handler against the demo data reproduces what PHP answered: every
// recorded 200 JSON body, value for value and key for key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openDatabases, type ClosableDatabases } from '../support/mysql-client.ts'
import { runRecorded } from './support/handler-run.ts'
import { toPlain } from './support/plain.ts'
import { recordedCases } from './support/recorded-cases.ts'
import { ENDPOINTS } from '../../../src/lib/routing.ts'

let db: ClosableDatabases
beforeAll(async () => {
  db = await openDatabases()
})
afterAll(() => db.close())

describe.each(ENDPOINTS)('GET /%s', (endpoint) => {
  const cases = recordedCases(endpoint).filter((c) => c.format === 'json')

  it('has recorded JSON answers to check against', () => {
    expect(cases.length).toBeGreaterThan(0)
  })

  it.each(cases.map((c) => [c.name, c] as const))(
    'returns the data PHP rendered in %s',
    async (_name, recorded) => {
      const actual = await toPlain(await runRecorded(db, recorded))
      const expected = JSON.parse(recorded.bodyText) as unknown
      expect(actual).toEqual(expected)
      // toEqual ignores key order; PHP's key order is part of the bytes.
      expect(JSON.stringify(actual)).toBe(JSON.stringify(expected))
    },
  )
})
