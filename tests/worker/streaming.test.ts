// Every list endpoint streams: a body longer than one chunk (CHUNK_BYTES)
// leaves the Worker as several chunks of about that size, read from the
// database as they are sent, and its bytes are exactly those of the same
// value read whole and encoded at once. On the large copy of the demo data.
import { describe, expect, it } from 'vitest'
import { createLogger } from '@adventive/worker-kit/logger'
import { credentialHeaders, MAIN } from '../../scripts/db/demo-credentials.ts'
import type { ResponseFormat } from '../../src/domain/vocabulary.ts'
import { endpointNamed } from '../../src/endpoints/registry.ts'
import type { Env } from '../../src/env.ts'
import { openDatabases } from '../../src/pipeline/databases.ts'
import { newMetrics } from '../../src/platform/request-log.ts'
import { encodeCsv } from '../../src/render/csv.ts'
import { encodeJson } from '../../src/render/json.ts'
import { materialize } from '../../src/render/php-value.ts'
import { CHUNK_BYTES } from '../../src/render/sink.ts'
import { encodeXml } from '../../src/render/xml.ts'
import { parsePhpQuery } from '../../src/request/php-query.ts'
import { validateRequest } from '../../src/request/parameters.ts'
import { concatBytes, firstDifference, utf16le } from '../support/bytes.ts'
import { largeDatabases } from './support/large-data.ts'
import { NOW, ownWorker } from './support/requests.ts'

const quiet = createLogger({}, () => undefined)

/** The chunks of a body as the client reads them. */
async function chunksOf(res: Response): Promise<Uint8Array[]> {
  const reader = res.body!.getReader()
  const chunks: Uint8Array[] = []
  for (;;) {
    const { value, done } = await reader.read()
    if (done) return chunks
    chunks.push(value)
  }
}

/** The same request's value read whole, then encoded at once: the non-streamed render. */
async function bufferedBody(
  bindings: Pick<Env, 'DB_CONSOLE' | 'DB_AGGREGATE'>,
  endpointName: string,
  version: '1.0' | '2.0' | null,
  query: string,
  format: ResponseFormat,
): Promise<Uint8Array> {
  const endpoint = endpointNamed(endpointName)!
  const validated = validateRequest(endpoint.params, version, parsePhpQuery(query), new Date(NOW))
  const pending: Promise<unknown>[] = []
  const db = openDatabases(bindings, (p) => void pending.push(p), quiet, newMetrics())
  try {
    const value = await materialize(await endpoint.handler({ accountId: 1, db, ...validated }))
    if (format === 'csv') return utf16le(encodeCsv(value))
    return new TextEncoder().encode(format === 'json' ? encodeJson(value) : encodeXml(value))
  } finally {
    db.close()
    await Promise.all(pending)
  }
}

// [endpoint, path version, query, formats]. The CSV of /campaigns (one line per campaign, its
// nested lists printed as `Array`) stays under one chunk even on the large data.
const CASES: [string, '1.0' | '2.0' | null, string, ResponseFormat[]][] = [
  ['advertisers', null, '', ['json', 'xml', 'csv']],
  ['campaigns', null, '', ['json', 'xml']],
  ['connector', null, 'from=2024-01-01&to=2024-03-31', ['json', 'xml', 'csv']],
  ['analytics', '1.0', 'from=2024-03-01&to=2024-03-07', ['json', 'xml', 'csv']],
  ['analytics', '2.0', 'from=2024-03-01&to=2024-03-07', ['json', 'xml', 'csv']],
  ['clickthroughs', null, 'from=2024-03-01&to=2024-03-07', ['json', 'xml', 'csv']],
  ['dataconnector', '1.0', 'from=2024-03-01&to=2024-03-14&data_connector=1', ['json', 'xml']],
  ['dataconnector', '2.0', 'from=2024-03-01&to=2024-03-14', ['json', 'xml', 'csv']],
]

describe('streamed bodies of the list endpoints', () => {
  const large = largeDatabases()

  it.each(
    CASES.flatMap(([name, version, query, formats]) =>
      formats.map(
        (format) =>
          [`${version ? `/v${version}` : ''}/${name} ${format}`, name, version, query, format] as const,
      ),
    ),
  )(
    '%s arrives in chunks of at least CHUNK_BYTES, with the bytes of the buffered render',
    async (_label, name, version, query, format) => {
      const path = `${version ? `/v${version}` : ''}/${name}?${query}${query ? '&' : ''}format=${format}`
      const res = await ownWorker(large).fetch(path, credentialHeaders(MAIN))
      expect(res.status).toBe(200)
      const chunks = await chunksOf(res)
      // The Worker's own chunks: several, each but the last at least CHUNK_BYTES.
      expect(chunks.length).toBeGreaterThan(1)
      for (const chunk of chunks.slice(0, -1)) expect(chunk.byteLength).toBeGreaterThanOrEqual(CHUNK_BYTES)
      const buffered = await bufferedBody(large, name, version, query, format)
      expect(firstDifference(concatBytes(chunks), buffered)).toBe('identical')
    },
  )

  it('answers a body of one chunk whole, with the same bytes', async () => {
    const res = await ownWorker(large).fetch('/campaigns?format=csv', credentialHeaders(MAIN))
    const body = new Uint8Array(await res.arrayBuffer())
    expect(body.byteLength).toBeLessThan(CHUNK_BYTES)
    expect(firstDifference(body, await bufferedBody(large, 'campaigns', null, '', 'csv'))).toBe('identical')
  })
})
