// Each endpoint's value, rendered by the PHP-exact renderers, is byte for
// byte the body PHP sent: every recorded 200 answer in json, xml and csv,
// streamed (as a response renders it) and buffered (read whole, then encoded).
import { describe, expect, it } from 'vitest'
import { recordedFixtureSteps } from '../../../parity/lib/fixtures.ts'
import { endpointSteps } from '../../../parity/lib/recorded-steps.ts'
import type { ResponseFormat } from '../../../src/domain/vocabulary.ts'
import { ENDPOINTS } from '../../../src/endpoints/registry.ts'
import { renderBody } from '../../../src/render/body.ts'
import { encodeCsv } from '../../../src/render/csv.ts'
import { encodeJson } from '../../../src/render/json.ts'
import { materialize, type PhpValue } from '../../../src/render/php-value.ts'
import { encodeXml } from '../../../src/render/xml.ts'
import { firstDifference, utf16le } from '../../support/bytes.ts'
import { runRecorded } from '../../support/endpoints/recorded-run.ts'
import { withDatabases } from '../support/mysql-client.ts'

async function buffered(format: ResponseFormat, value: PhpValue): Promise<Uint8Array> {
  const whole = await materialize(value)
  if (format === 'csv') return utf16le(encodeCsv(whole))
  return new TextEncoder().encode(format === 'json' ? encodeJson(whole) : encodeXml(whole))
}

const steps = endpointSteps(recordedFixtureSteps())

describe.each(ENDPOINTS.map((e) => e.name))('GET /%s rendered', (name) => {
  const cases = steps.filter((s) => s.endpoint.name === name)

  it.each(cases.map((c) => [c.id, c] as const))('streams the bytes PHP sent in %s', async (_id, step) => {
    // Own connections per case: a csv of data_connector=1 never reads its rows.
    const body = await withDatabases(async (db) => renderBody(step.format, await runRecorded(db, step)))
    expect(firstDifference(body, step.body)).toBe('identical')
  })

  it.each(cases.map((c) => [c.id, c] as const))(
    'renders the same bytes buffered in %s',
    async (_id, step) => {
      const body = await withDatabases(async (db) => buffered(step.format, await runRecorded(db, step)))
      expect(firstDifference(body, step.body)).toBe('identical')
    },
  )
})
