import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { contentType, render, renderChunks, resolveFormat, type Format } from './index.ts'
import type { PhpValue } from './php-value.ts'
import { countingLazyList, lazify, phpValue } from './testing/arbitraries.ts'

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = []
  for await (const chunk of chunks) out.push(chunk)
  return out
}

const concat = (chunks: Uint8Array[]) => Buffer.concat(chunks)

describe('contentType', () => {
  it('answers the legacy Content-Type headers exactly', () => {
    expect(contentType('json')).toBe('application/json; charset=utf-8')
    expect(contentType('xml')).toBe('application/xml; charset=utf-8')
    expect(contentType('csv')).toBe('application/csv; charset=utf-8')
  })
})

describe('resolveFormat', () => {
  it.each([
    ['json', 'json'],
    ['xml', 'xml'],
    ['XML', 'xml'],
    ['Csv', 'csv'],
    ['php', 'php'],
    ['SERIALIZED', 'serialized'],
    ['yaml', 'json'],
    ['html', 'json'],
    ['jsonp', 'json'],
    ['', 'json'],
    [' xml', 'json'],
  ])('maps format=%j to %s', (raw, expected) => {
    expect(resolveFormat(raw)).toBe(expected)
  })

  it('falls back to json when the parameter is absent or an array', () => {
    expect(resolveFormat(undefined)).toBe('json')
    expect(resolveFormat({ array: true })).toBe('json')
  })
})

describe('render', () => {
  it('encodes JSON and XML as UTF-8', async () => {
    expect(Buffer.from(await render('json', { n: 'é' })).toString('latin1')).toBe('{"n":"\\u00e9"}')
    expect(Buffer.from(await render('xml', { n: 'é' })).toString('utf8')).toContain('<n>é</n>')
  })

  it('encodes CSV as UTF-16LE without a BOM, surrogate pairs included', async () => {
    const bytes = await render('csv', { status: true, name: '🎯' })
    expect(Buffer.from(bytes).toString('hex')).toBe(
      Buffer.from('status,name\n1,🎯\n', 'utf16le').toString('hex'),
    )
    expect([...bytes.slice(0, 2)]).toEqual([0x73, 0x00])
  })

  it('renders the legacy error envelope in each format', async () => {
    const envelope = { status: false, error: 'Invalid credentials' }
    expect(Buffer.from(await render('json', envelope)).toString()).toBe(
      '{"status":false,"error":"Invalid credentials"}',
    )
    expect(Buffer.from(await render('xml', envelope)).toString()).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<xml><status>0</status><error>Invalid credentials</error></xml>\n',
    )
    expect(Buffer.from(await render('csv', envelope)).toString('utf16le')).toBe(
      'status,error\n,"Invalid credentials"\n',
    )
  })
})

describe('renderChunks', () => {
  const formats: Format[] = ['json', 'xml', 'csv']

  it.each(formats)('streams %s byte-identical to the buffered body', async (format) => {
    await fc.assert(
      fc.asyncProperty(phpValue, async (v) => {
        // Shapes PHP refuses (a CSV table with a scalar first row) must fail alike.
        const outcome = (body: Promise<Uint8Array>) =>
          body.then((b) => Buffer.from(b).toString('hex')).catch((e: Error) => `error: ${e.message}`)
        const buffered = await outcome(render(format, v))
        const fromLazy = await outcome(collect(renderChunks(format, lazify(v))).then(concat))
        expect(fromLazy).toBe(buffered)
      }),
      { numRuns: 60 },
    )
  })

  const rows = (n: number): PhpValue[] =>
    Array.from({ length: n }, (_, i) => ({
      day: '20240301',
      advertiserName: `Advertiser ${i}`,
      impressions: BigInt(i),
      ctr: i / 7,
    }))

  it.each(formats)('pulls %s rows only as chunks are read', async (format) => {
    const source = countingLazyList(rows(5000))
    const first = await renderChunks(format, source.list)[Symbol.asyncIterator]().next()
    expect(first.done).toBe(false)
    expect(source.pulled()).toBeGreaterThan(0)
    expect(source.pulled()).toBeLessThan(5000)
  })

  it.each(['json', 'xml'] as const)(
    'pulls %s rows nested in {schema, rows} only as chunks are read',
    async (format) => {
      const source = countingLazyList(rows(5000))
      const chunks = renderChunks(format, { schema: [{ name: 'day' }], rows: source.list })
      const first = await chunks[Symbol.asyncIterator]().next()
      expect(first.done).toBe(false)
      expect(source.pulled()).toBeLessThan(5000)
    },
  )

  it('yields several chunks for a large body, which join to the buffered body', async () => {
    const chunks = await collect(renderChunks('json', lazify(rows(3000))))
    expect(chunks.length).toBeGreaterThan(1)
    expect(concat(chunks).toString()).toBe(Buffer.from(await render('json', rows(3000))).toString())
  })
})
