import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { ResponseFormat } from '../../../src/domain/vocabulary.ts'
import { encodeCsv } from '../../../src/render/csv.ts'
import { contentType, openBody, renderBody } from '../../../src/render/body.ts'
import { encodeJson } from '../../../src/render/json.ts'
import type { PhpValue } from '../../../src/render/php-value.ts'
import { CHUNK_BYTES } from '../../../src/render/sink.ts'
import { encodeXml } from '../../../src/render/xml.ts'
import { utf16le } from '../../support/bytes.ts'
import {
  countingLazyList,
  countingLazyTable,
  lazify,
  phpTable,
  phpValue,
  plainTable,
} from '../../support/render/arbitraries.ts'

const FORMATS: ResponseFormat[] = ['json', 'xml', 'csv']
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

/** The buffered encoders, as the bytes a response carries. */
function buffered(format: ResponseFormat, value: PhpValue): Uint8Array {
  if (format === 'csv') return utf16le(encodeCsv(value))
  return new TextEncoder().encode(format === 'json' ? encodeJson(value) : encodeXml(value))
}

/** Every chunk openBody hands out. */
async function chunksOf(format: ResponseFormat, value: PhpValue): Promise<Uint8Array[]> {
  const reader = openBody(format, value)
  const out: Uint8Array[] = []
  for (;;) {
    const { bytes, done } = await reader.next()
    out.push(bytes)
    if (done) return out
  }
}

describe('contentType', () => {
  it('answers the legacy Content-Type headers exactly', () => {
    expect(contentType('json')).toBe('application/json; charset=utf-8')
    expect(contentType('xml')).toBe('application/xml; charset=utf-8')
    expect(contentType('csv')).toBe('application/csv; charset=utf-8')
  })
})

describe('renderBody', () => {
  it('encodes JSON and XML as UTF-8', async () => {
    expect(Buffer.from(await renderBody('json', { n: 'é' })).toString('latin1')).toBe('{"n":"\\u00e9"}')
    expect(Buffer.from(await renderBody('xml', { n: 'é' })).toString('utf8')).toContain('<n>é</n>')
  })

  it('encodes CSV as UTF-16LE without a BOM, surrogate pairs included', async () => {
    const bytes = await renderBody('csv', { status: true, name: '🎯' })
    expect(hex(bytes)).toBe(Buffer.from('status,name\n1,🎯\n', 'utf16le').toString('hex'))
    expect([...bytes.slice(0, 2)]).toEqual([0x73, 0x00])
  })

  it('renders the legacy error envelope in each format', async () => {
    const envelope = { status: false, error: 'Invalid credentials' }
    expect(Buffer.from(await renderBody('json', envelope)).toString()).toBe(
      '{"status":false,"error":"Invalid credentials"}',
    )
    expect(Buffer.from(await renderBody('xml', envelope)).toString()).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<xml><status>0</status><error>Invalid credentials</error></xml>\n',
    )
    expect(Buffer.from(await renderBody('csv', envelope)).toString('utf16le')).toBe(
      'status,error\n,"Invalid credentials"\n',
    )
  })

  it.each(FORMATS)('renders %s lazy values to the bytes of the buffered encoder', async (format) => {
    await fc.assert(
      fc.asyncProperty(phpValue, fc.integer({ min: 1, max: 3 }), async (v, batch) => {
        // Shapes PHP refuses (a CSV table with a scalar first row) must fail alike.
        const outcome = async (f: () => Promise<Uint8Array> | Uint8Array) => {
          try {
            return hex(await f())
          } catch (error) {
            return `error: ${(error as Error).message}`
          }
        }
        expect(await outcome(() => renderBody(format, lazify(v, batch)))).toBe(
          await outcome(() => buffered(format, v)),
        )
      }),
      { numRuns: 60 },
    )
  })

  it.each(FORMATS)('renders %s lazy tables like the list of assoc arrays they stand for', async (format) => {
    await fc.assert(
      fc.asyncProperty(phpTable, fc.integer({ min: 1, max: 4 }), async ({ columns, rows }, batch) => {
        const table = countingLazyTable(columns, rows, batch).list
        expect(hex(await renderBody(format, table))).toBe(hex(buffered(format, plainTable(columns, rows))))
        const nested = { schema: [{ name: 'x' }], rows: countingLazyTable(columns, rows, batch).list }
        if (format !== 'csv') {
          expect(hex(await renderBody(format, nested))).toBe(
            hex(buffered(format, { schema: [{ name: 'x' }], rows: plainTable(columns, rows) })),
          )
        }
      }),
      { numRuns: 60 },
    )
  })
})

describe('openBody', () => {
  const rows = (n: number): PhpValue[] =>
    Array.from({ length: n }, (_, i) => ({
      day: '20240301',
      advertiserName: `Advertiser ${i}`,
      impressions: BigInt(i),
      ctr: i / 7,
    }))

  it.each(FORMATS)('hands a body that fits one chunk over whole, marked done', async (format) => {
    const chunks = await chunksOf(format, countingLazyList(rows(3), 2).list)
    expect(chunks).toHaveLength(1)
    expect(hex(chunks[0]!)).toBe(hex(buffered(format, rows(3))))
  })

  it.each(FORMATS)('pulls %s rows only as chunks are read', async (format) => {
    const source = countingLazyList(rows(20_000), 256)
    const reader = openBody(format, source.list)
    const first = await reader.next()
    expect(first.done).toBe(false)
    expect(source.pulled()).toBeGreaterThan(0)
    expect(source.pulled()).toBeLessThan(20_000)
    reader.cancel()
    expect(source.closed()).toBe(true)
  })

  it.each(['json', 'xml'] as const)(
    'pulls %s rows nested in {schema, rows} only as chunks are read',
    async (format) => {
      const source = countingLazyList(rows(20_000), 256)
      const first = await openBody(format, { schema: [{ name: 'day' }], rows: source.list }).next()
      expect(first.done).toBe(false)
      expect(source.pulled()).toBeLessThan(20_000)
    },
  )

  it.each(FORMATS)(
    'cuts a large %s body into chunks of at least CHUNK_BYTES that join to the buffered body',
    async (format) => {
      const chunks = await chunksOf(format, countingLazyList(rows(10_000), 256).list)
      expect(chunks.length).toBeGreaterThan(2)
      for (const chunk of chunks.slice(0, -1)) expect(chunk.byteLength).toBeGreaterThanOrEqual(CHUNK_BYTES)
      expect(hex(Buffer.concat(chunks))).toBe(hex(buffered(format, rows(10_000))))
    },
  )
})
