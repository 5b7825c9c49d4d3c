// The API's CSV as rows: UTF-16LE text written by PHP's fputcsv (read by csv-records.ts),
// whose first line names the columns. Whole bodies or streams.
import { createRecordReader } from './csv-records.ts'
import { createUtf16leDecoder, decodeUtf16le } from './utf16le.ts'

/** One CSV line after the header, keyed by the header's column names. Every value is a string. */
export type CsvRow = Record<string, string>

/** What the CSV helpers read: the raw body (UTF-16LE bytes) or text already decoded. */
export type CsvInput = Uint8Array | ArrayBuffer | string

/** Records (lists of fields) → rows keyed by the first record, the header. Empty lines are no rows. */
function createRowBuilder(onRow: (row: CsvRow) => void) {
  let header: string[] | null = null
  return (fields: string[]) => {
    if (header === null) {
      header = fields
      return
    }
    if (fields.length === 0 || header.length === 0) return
    const row: CsvRow = {}
    header.forEach((name, i) => {
      row[name] = fields[i] ?? ''
    })
    onRow(row)
  }
}

const textOf = (input: CsvInput): string =>
  typeof input === 'string'
    ? input
    : decodeUtf16le(input instanceof Uint8Array ? input : new Uint8Array(input))

/** Every record of a CSV body, the header line included, as lists of fields. */
export function parseCsvRecords(input: CsvInput): string[][] {
  const records: string[][] = []
  const reader = createRecordReader((fields) => records.push(fields))
  reader.push(textOf(input))
  reader.end()
  return records
}

/**
 * The rows of a CSV body (UTF-16LE bytes as the API sends them, or decoded text), keyed by
 * the header line's column names. An empty list (the API sends two empty lines) is `[]`.
 */
export function parseCsv(input: CsvInput): CsvRow[] {
  const rows: CsvRow[] = []
  const toRows = createRowBuilder((row) => rows.push(row))
  for (const record of parseCsvRecords(input)) toRows(record)
  return rows
}

/** Reads a stream of UTF-16LE bytes and yields each record as soon as its line is complete. */
export async function* csvRecords(stream: ReadableStream<Uint8Array>): AsyncGenerator<string[]> {
  const source = stream.getReader()
  const decoder = createUtf16leDecoder()
  let ready: string[][] = []
  const reader = createRecordReader((fields) => ready.push(fields))
  let finished = false
  try {
    while (!finished) {
      const { value, done } = await source.read()
      if (done) {
        reader.push(decoder.end())
        reader.end()
        finished = true
      } else {
        reader.push(decoder.decode(value))
      }
      const batch = ready
      ready = []
      yield* batch
    }
  } finally {
    // Stopping early (a `break` in `for await`) releases the connection.
    if (!finished) await source.cancel().catch(() => {})
    source.releaseLock()
  }
}

/**
 * The rows of a CSV response body read as a stream, one at a time: for big bodies (a year of
 * `/dataconnector`), without holding the whole text. Same rows as `parseCsv`.
 */
export async function* csvRows(stream: ReadableStream<Uint8Array>): AsyncGenerator<CsvRow> {
  let ready: CsvRow[] = []
  const toRows = createRowBuilder((row) => ready.push(row))
  for await (const record of csvRecords(stream)) {
    toRows(record)
    const batch = ready
    ready = []
    yield* batch
  }
}
