// The one entry point of the renderers: the pipeline resolves the legacy
// `format` parameter, asks for the Content-Type, and renders the PHP value
// either streamed (renderChunks) or whole (render). Both produce the same bytes.
import { csvChunks } from './csv.ts'
import { jsonChunks } from './json.ts'
import type { PhpValue } from './php-value.ts'
import { xmlChunks } from './xml.ts'

export type Format = 'json' | 'xml' | 'csv'

const CONTENT_TYPES: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  csv: 'application/csv; charset=utf-8',
}

export function contentType(format: Format): string {
  return CONTENT_TYPES[format]
}

const KNOWN_FORMATS = new Set(['json', 'xml', 'csv', 'php', 'serialized'])

/**
 * The legacy `format` parameter: json, xml, csv, php, serialized in any case;
 * anything else (absent, empty, an array `format[]=`, unknown) falls back to json.
 */
export function resolveFormat(raw: string | { array: true } | undefined): Format | 'php' | 'serialized' {
  if (typeof raw !== 'string') return 'json'
  const lower = raw.toLowerCase()
  return KNOWN_FORMATS.has(lower) ? (lower as Format | 'php' | 'serialized') : 'json'
}

const TEXT_PIECES: Record<Format, (value: PhpValue) => AsyncGenerator<string>> = {
  json: jsonChunks,
  xml: xmlChunks,
  csv: csvChunks,
}

/** UTF-16LE without BOM: Format::to_csv's final mb_convert_encoding. */
function utf16le(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length * 2)
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    bytes[2 * i] = unit & 0xff
    bytes[2 * i + 1] = unit >> 8
  }
  return bytes
}

const utf8Encoder = new TextEncoder()

// Small pieces are gathered into chunks of about this many UTF-16 code units.
const CHUNK_UNITS = 16 * 1024

/**
 * The body, chunk by chunk, reading lazy lists (streamed rows) only as the
 * chunks are pulled. A chunk never splits a surrogate pair.
 */
export async function* renderChunks(format: Format, value: PhpValue): AsyncGenerator<Uint8Array> {
  const encode = format === 'csv' ? utf16le : (text: string) => utf8Encoder.encode(text)
  let pending = ''
  for await (const piece of TEXT_PIECES[format](value)) {
    pending += piece
    if (pending.length >= CHUNK_UNITS) {
      yield encode(pending)
      pending = ''
    }
  }
  if (pending !== '') yield encode(pending)
}

/** The whole body. */
export async function render(format: Format, value: PhpValue): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  for await (const chunk of renderChunks(format, value)) chunks.push(chunk)
  const body = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0))
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.length
  }
  return body
}
