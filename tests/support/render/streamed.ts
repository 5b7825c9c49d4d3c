// Test support: a renderer's output read the way a response reads it, chunk
// by chunk through the body sink, decoded back to text.
import type { ResponseFormat } from '../../../src/domain/vocabulary.ts'
import { renderCsv } from '../../../src/render/csv.ts'
import { renderJson } from '../../../src/render/json.ts'
import type { PhpValue } from '../../../src/render/php-value.ts'
import { BodySink } from '../../../src/render/sink.ts'
import { renderXml } from '../../../src/render/xml.ts'
import { concatBytes } from '../bytes.ts'

const RENDERERS = { json: renderJson, xml: renderXml, csv: renderCsv }

/** Every chunk of bytes `format` renders of `value`. */
export async function bodyChunks(format: ResponseFormat, value: PhpValue): Promise<Uint8Array[]> {
  const sink = new BodySink((out) => RENDERERS[format](value, out))
  const out: Uint8Array[] = []
  for (;;) {
    const step = await sink.next()
    out.push(step.bytes)
    if (step.done) return out
  }
}

/** The whole body as text (CSV decoded from UTF-16LE), read chunk by chunk. */
export async function streamedText(format: ResponseFormat, value: PhpValue): Promise<string> {
  const bytes = concatBytes(await bodyChunks(format, value))
  return new TextDecoder(format === 'csv' ? 'utf-16le' : 'utf-8').decode(bytes)
}
