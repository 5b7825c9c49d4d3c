// The CSV helpers read back exactly what the API writes: the Worker's own fputcsv
// (src/render/csv.ts, byte-identical to PHP's on every recorded fixture) is the oracle.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { csvLine } from '../../src/render/csv.ts'
import { csvRecords, csvRows, parseCsv, parseCsvRecords } from '../src/csv.ts'
import { chunkedStream, recordedSteps, utf16le } from './recorded.ts'

const csvSteps = recordedSteps.filter((s) => s.response.contentType.includes('/csv'))

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of items) out.push(item)
  return out
}

/** fputcsv of a row with one empty field is an empty line, which reads back as no fields. */
const asRead = (rows: string[][]) => rows.map((row) => (row.length === 1 && row[0] === '' ? [] : row))

describe('parseCsvRecords', () => {
  it('reads every recorded CSV body into records that fputcsv writes back byte for byte', () => {
    expect(csvSteps.length).toBeGreaterThan(15)
    for (const step of csvSteps) {
      const text = Buffer.from(step.body).toString('utf16le')
      expect(parseCsvRecords(step.body).map(csvLine).join(''), step.fixture).toBe(text)
    }
  })

  it('inverts fputcsv for any fields: quotes, backslashes before quotes, commas, newlines, astral characters', () => {
    const field = fc.oneof(
      fc.string({ unit: fc.constantFrom('"', '\\', ',', '\n', '\r', ' ', '\t', 'a', 'é', '😀') }),
      fc.string({ unit: 'grapheme' }),
    )
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { maxLength: 6 }), (rows) => {
        const bytes = utf16le(rows.map(csvLine).join(''))
        expect(parseCsvRecords(bytes)).toEqual(asRead(rows))
      }),
      { numRuns: 1000 },
    )
  })

  it('tells a value ending in a backslash from a quote that belongs to the value', () => {
    // fputcsv writes both `\"` + closing quote and a kept `\"` the same way; what follows decides.
    const rows = [
      ['C:\\', 'x'],
      ['say \\",', 'y'],
      ['a\\"\n\n', ''],
      ['\\', '\\"'],
    ]
    const text = rows.map(csvLine).join('')
    expect(text).toContain('"C:\\",x\n')
    expect(parseCsvRecords(text)).toEqual(rows)
  })

  it('keeps a quote written right after a backslash, which fputcsv does not double', () => {
    expect(csvLine(['Back\\"slash'])).toBe('"Back\\"slash"\n')
    expect(parseCsvRecords('"Back\\"slash"\n')).toEqual([['Back\\"slash']])
    expect(parseCsvRecords(csvLine(['a\\\\"b', 'c\\""d']))).toEqual([['a\\\\"b', 'c\\""d']])
  })

  it('rejects a body that ends inside a quoted field', () => {
    expect(() => parseCsvRecords('a,"b\n')).toThrow(SyntaxError)
  })

  it('accepts an ArrayBuffer and skips a byte-order mark', () => {
    const bytes = utf16le('\ufeffa,b\n1,2\n')
    expect(parseCsv(bytes.buffer as ArrayBuffer)).toEqual([{ a: '1', b: '2' }])
  })
})

describe('parseCsv', () => {
  it('keys each row by the header line', () => {
    expect(parseCsv(utf16le('date,ctr\n2024-03-01,0.5\n2024-03-02,"1,5"\n'))).toEqual([
      { date: '2024-03-01', ctr: '0.5' },
      { date: '2024-03-02', ctr: '1,5' },
    ])
  })

  it('reads the empty list (two empty lines) as no rows', () => {
    const empty = csvSteps.find((s) => s.fixture === 'analytics-future-range-empty-csv')
    expect(Buffer.from(empty!.body).toString('utf16le')).toBe('\n\n')
    expect(parseCsv(empty!.body)).toEqual([])
  })

  it('reads the error envelope: status false is an empty field', () => {
    const expired = csvSteps.find((s) => s.fixture === 'auth-expired-key-csv')
    expect(parseCsv(expired!.body)).toEqual([{ status: '', error: 'Invalid credentials' }])
  })
})

describe('csvRows and csvRecords (streams)', () => {
  it('give the same rows as parseCsv however the recorded bodies are cut into chunks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...csvSteps),
        fc.array(fc.integer({ min: 1, max: 97 }), { maxLength: 40 }),
        async (step, sizes) => {
          expect(await collect(csvRows(chunkedStream(step.body, sizes)))).toEqual(parseCsv(step.body))
        },
      ),
      { numRuns: 60 },
    )
  })

  it('put a surrogate pair back together whichever of its four bytes a chunk ends after', async () => {
    const text = 'name,emoji\n"a 😀 b",😀😀\n'
    const bytes = utf16le(text)
    const pairStart = text.indexOf('😀') * 2
    for (let cut = pairStart; cut <= pairStart + 4; cut++) {
      const rows = await collect(csvRows(chunkedStream(bytes, [cut])))
      expect(rows, `cut after byte ${cut}`).toEqual([{ name: 'a 😀 b', emoji: '😀😀' }])
    }
    // One byte at a time: every code unit and every pair is split.
    expect(await collect(csvRecords(chunkedStream(bytes, Array(bytes.length).fill(1))))).toEqual([
      ['name', 'emoji'],
      ['a 😀 b', '😀😀'],
    ])
  })

  it('yields a row as soon as its line is complete, before the stream ends', async () => {
    let pulls = 0
    const lines = utf16le('a,b\n1,2\n3,4\n')
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          pulls++
          if (pulls === 1) controller.enqueue(lines.slice(0, 16))
          else if (pulls === 2) controller.enqueue(lines.slice(16))
          else controller.close()
        },
      },
      { highWaterMark: 0 },
    )
    const iterator = csvRows(stream)[Symbol.asyncIterator]()
    expect((await iterator.next()).value).toEqual({ a: '1', b: '2' })
    expect(pulls).toBe(1)
    await iterator.return?.(undefined)
  })

  it('cancels the stream when the reader stops early', async () => {
    let cancelled = false
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(utf16le('a\n1\n'))
      },
      cancel() {
        cancelled = true
      },
    })
    for await (const row of csvRows(stream)) {
      expect(row).toEqual({ a: '1' })
      break
    }
    expect(cancelled).toBe(true)
  })

  it('reports a lone trailing byte as U+FFFD rather than dropping it', async () => {
    const bytes = new Uint8Array([...utf16le('a\nb'), 0x41])
    expect(await collect(csvRecords(chunkedStream(bytes, [])))).toEqual([['a'], ['b\ufffd']])
  })
})
