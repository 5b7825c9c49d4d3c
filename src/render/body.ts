// The one entry point of the renderers: a PHP value becomes the body bytes of
// the requested format, chunk by chunk, reading lazy lists only as the chunks
// are pulled. JSON and XML are UTF-8; CSV is UTF-16LE without a BOM
// (Format::to_csv's final mb_convert_encoding); the renderers write the
// encoded bytes themselves (sink.ts).
import type { ResponseFormat } from '../domain/vocabulary.ts'
import { concatBytes } from '../platform/bytes.ts'
import { renderCsv } from './csv.ts'
import { renderJson } from './json.ts'
import { lazyParts, type PhpValue } from './php-value.ts'
import { BodySink } from './sink.ts'
import { renderXml } from './xml.ts'

const CONTENT_TYPES: Record<ResponseFormat, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
  csv: 'application/csv; charset=utf-8',
}

export function contentType(format: ResponseFormat): string {
  return CONTENT_TYPES[format]
}

const RENDERERS: Record<ResponseFormat, (value: PhpValue, out: BodySink) => Promise<void>> = {
  json: renderJson,
  xml: renderXml,
  csv: renderCsv,
}

/** A body being rendered: the next chunk of bytes, `done` on the last one. */
export interface BodyReader {
  next(): Promise<{ bytes: Uint8Array; done: boolean }>
  /** Stops every producer of the value (database streams) and the renderer. */
  cancel(): void
}

export function openBody(format: ResponseFormat, value: PhpValue): BodyReader {
  const sink = new BodySink((out) => RENDERERS[format](value, out))
  return {
    next: () => sink.next(),
    cancel() {
      for (const lazy of lazyParts(value)) lazy.close()
    },
  }
}

/** The whole body at once (tests, tools). */
export async function renderBody(format: ResponseFormat, value: PhpValue): Promise<Uint8Array> {
  const reader = openBody(format, value)
  const parts: Uint8Array[] = []
  for (;;) {
    const { bytes, done } = await reader.next()
    parts.push(bytes)
    if (done) break
  }
  return concatBytes(parts)
}
