// Each handler's value, rendered by the PHP-exact renderers, is byte for byte
// the body PHP sent: every recorded 200 answer in json, xml and csv, and the
// streamed rendering equals the buffered one.
import { describe, expect, it } from 'vitest'
import { render, renderChunks } from '../../../src/lib/format/index.ts'
import { withDatabases } from '../support/mysql-client.ts'
import { runRecorded } from './support/handler-run.ts'
import { recordedCases } from './support/recorded-cases.ts'
import { ENDPOINTS } from '../../../src/lib/routing.ts'

/** First differing byte, for a readable failure on long bodies. */
function firstDifference(actual: Uint8Array, expected: Uint8Array): string {
  const length = Math.min(actual.length, expected.length)
  let at = 0
  while (at < length && actual[at] === expected[at]) at++
  if (at === length && actual.length === expected.length) return 'identical'
  const around = (bytes: Uint8Array) =>
    Buffer.from(bytes.subarray(Math.max(0, at - 40), at + 40)).toString('latin1')
  return `differ at byte ${at} of ${expected.length}: expected …${around(expected)}… got …${around(actual)}…`
}

async function concat(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  for await (const chunk of chunks) parts.push(chunk)
  return Buffer.concat(parts)
}

describe.each(ENDPOINTS)('GET /%s rendered', (endpoint) => {
  it.each(recordedCases(endpoint).map((c) => [c.name, c] as const))(
    'sends the bytes PHP sent in %s',
    async (_name, recorded) => {
      // Own connections per case: the csv of data_connector=1 never reads its rows.
      const body = await withDatabases(async (db) => render(recorded.format, await runRecorded(db, recorded)))
      expect(firstDifference(body, recorded.body)).toBe('identical')
    },
  )
})

describe('GET /dataconnector streamed', () => {
  it.each(recordedCases('dataconnector').map((c) => [c.name, c] as const))(
    'streams the same bytes as buffered in %s',
    async (_name, recorded) => {
      const streamed = await withDatabases(async (db) =>
        concat(renderChunks(recorded.format, await runRecorded(db, recorded))),
      )
      expect(firstDifference(streamed, recorded.body)).toBe('identical')
    },
  )
})
