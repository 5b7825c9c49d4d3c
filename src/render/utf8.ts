// Text to bytes straight into a body buffer, for the renderers' tight loops:
// the one UTF-8 encoder they share (the sink's plain text, XML's escaped
// element text), and the constant ASCII pieces (keys, tags) they copy per row.

/** ASCII replacements by character code: an entry's text is written instead of the character. */
export type AsciiEntities = readonly (string | undefined)[]

/**
 * The replacements (by character, e.g. `{ '&': '&amp;' }`) as a dense
 * 128-entry table: no holes, so the lookup per character stays a plain
 * element load.
 */
export function asciiEntities(replacements: Readonly<Record<string, string>>): AsciiEntities {
  return Array.from({ length: 0x80 }, (_, c) => replacements[String.fromCharCode(c)])
}

/** Text known to be ASCII (a key, a tag) as bytes, once, to be copied per row. */
export function asciiBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i)
  return bytes
}

/** Copies `bytes` into `buf` at `at`; returns the new position. */
export function copyInto(buf: Uint8Array, at: number, bytes: Uint8Array): number {
  for (let k = 0; k < bytes.length; k++) buf[at++] = bytes[k]!
  return at
}

const NONE = asciiEntities({})

/**
 * Writes `text` into `buf` at `at` as TextEncoder would (a lone surrogate
 * becomes U+FFFD), each ASCII character that has an entry in `entities`
 * replaced by that entry. Returns the new position. The caller reserves the
 * room: 3 bytes per UTF-16 unit (a surrogate pair: two units, four bytes), or
 * the longest entity per unit if that is more.
 */
export function utf8Into(buf: Uint8Array, at: number, text: string, entities: AsciiEntities = NONE): number {
  const n = text.length
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) {
      const entity = entities[c]
      if (entity === undefined) buf[at++] = c
      else for (let k = 0; k < entity.length; k++) buf[at++] = entity.charCodeAt(k)
    } else if (c < 0x800) {
      buf[at++] = 0xc0 | (c >> 6)
      buf[at++] = 0x80 | (c & 0x3f)
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      const cp = ((c - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00) + 0x10000
      buf[at++] = 0xf0 | (cp >> 18)
      buf[at++] = 0x80 | ((cp >> 12) & 0x3f)
      buf[at++] = 0x80 | ((cp >> 6) & 0x3f)
      buf[at++] = 0x80 | (cp & 0x3f)
    } else {
      const unit = c >= 0xd800 && c <= 0xdfff ? 0xfffd : c
      buf[at++] = 0xe0 | (unit >> 12)
      buf[at++] = 0x80 | ((unit >> 6) & 0x3f)
      buf[at++] = 0x80 | (unit & 0x3f)
    }
  }
  return at
}
