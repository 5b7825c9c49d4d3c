// PHP json_encode($data) with no flags, byte for byte: `/` escaped, non-ASCII
// as \uXXXX (UTF-16 code units, so surrogate pairs above U+FFFF), lowercase
// hex, ints as digits, floats with serialize_precision = -1, an empty PHP
// array (list or assoc) as `[]`, assoc arrays as objects in insertion order.
import { formatFloatJson } from '../php/float-format.ts'
import type { BodySink } from './sink.ts'
import { asciiBytes, copyInto } from './utf8.ts'
import {
  containsLazy,
  isLazy,
  type PhpAssoc,
  type PhpLazy,
  type PhpScalar,
  type PhpValue,
} from './php-value.ts'

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '/': '\\/',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
}

// Everything json_encode escapes: quote, backslash, slash, controls, non-ASCII.
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const NEEDS_ESCAPE = /["\\/\u0000-\u001f\u0080-\uffff]/
// eslint-disable-next-line no-control-regex -- the same class, for replacing
const ESCAPE_ALL = /["\\/\u0000-\u001f\u0080-\uffff]/g

function escapeChar(ch: string): string {
  return SHORT_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`
}

export function encodeJsonString(s: string): string {
  // Most values (numbers as MySQL text, dates, ASCII names) need no escaping.
  if (!NEEDS_ESCAPE.test(s)) return `"${s}"`
  return `"${s.replace(ESCAPE_ALL, escapeChar)}"`
}

function encodeNumber(n: number): string {
  // PHP's json_encode fails on INF/NAN (JSON_ERROR_INF_OR_NAN); no legacy value is one.
  if (!Number.isFinite(n)) throw new RangeError(`json_encode cannot encode ${n}`)
  return formatFloatJson(n)
}

function encodeScalar(value: PhpScalar): string {
  if (typeof value === 'string') return encodeJsonString(value)
  if (value === null) return 'null'
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'number') return encodeNumber(value)
  return value ? 'true' : 'false'
}

const HEX = '0123456789abcdef'

/**
 * encodeJsonString's bytes, written into `buf` at `at` (ASCII out: every
 * character json_encode escapes is escaped in the same pass as the copy).
 * `buf` must have room for 6 × length + 2 bytes. Returns the new position.
 */
function escapeInto(buf: Uint8Array, at: number, s: string): number {
  buf[at++] = 0x22
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0x20 && c < 0x80 && c !== 0x22 && c !== 0x5c && c !== 0x2f) {
      buf[at++] = c
      continue
    }
    buf[at++] = 0x5c
    switch (c) {
      case 0x22:
      case 0x5c:
      case 0x2f:
        buf[at++] = c
        break
      case 0x08:
        buf[at++] = 0x62 // b
        break
      case 0x0c:
        buf[at++] = 0x66 // f
        break
      case 0x0a:
        buf[at++] = 0x6e // n
        break
      case 0x0d:
        buf[at++] = 0x72 // r
        break
      case 0x09:
        buf[at++] = 0x74 // t
        break
      default:
        buf[at++] = 0x75 // u
        buf[at++] = HEX.charCodeAt(c >> 12)
        buf[at++] = HEX.charCodeAt((c >> 8) & 0xf)
        buf[at++] = HEX.charCodeAt((c >> 4) & 0xf)
        buf[at++] = HEX.charCodeAt(c & 0xf)
    }
  }
  buf[at++] = 0x22
  return at
}

/** The longest text a non-string scalar encodes to (a float's exponent form, a 64-bit int). */
const MAX_SCALAR_CHARS = 32

/** The constant pieces of a table row as bytes: `{"key":` before the first value, `,"key":` before the others. */
function keyPrefixes(columns: readonly string[]): Uint8Array[] {
  return columns.map((column, i) => asciiBytes((i === 0 ? '{' : ',') + encodeJsonString(column) + ':'))
}

/**
 * One table row as a JSON object, after `separator` (`[` or `,`): room is
 * reserved once for the whole row, then the key prefixes and the values are
 * copied in one pass.
 */
function writeRow(
  out: BodySink,
  separator: number,
  prefixes: Uint8Array[],
  prefixBytes: number,
  row: readonly PhpScalar[],
): void {
  let need = prefixBytes + 2
  for (let i = 0; i < prefixes.length; i++) {
    const value = row[i]
    need += typeof value === 'string' ? 6 * value.length + 2 : MAX_SCALAR_CHARS
  }
  const buf = out.reserve(need)
  let at = out.position
  buf[at++] = separator
  for (let i = 0; i < prefixes.length; i++) {
    at = copyInto(buf, at, prefixes[i]!)
    const value = row[i]!
    if (typeof value === 'string') {
      at = escapeInto(buf, at, value)
      continue
    }
    const text = encodeScalar(value)
    for (let k = 0; k < text.length; k++) buf[at++] = text.charCodeAt(k)
  }
  buf[at++] = 0x7d // }
  out.advance(at)
}

/** json_encode of a value without lazy lists. */
export function encodeJson(value: PhpValue): string {
  if (value === null || typeof value !== 'object') return encodeScalar(value)
  if (isLazy(value)) throw new TypeError('encodeJson cannot encode a lazy list; use renderJson')
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]'
    let out = '['
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + encodeJson(value[i]!)
    return out + ']'
  }
  let out = ''
  for (const key in value)
    out += (out === '' ? '{' : ',') + encodeJsonString(key) + ':' + encodeJson(value[key]!)
  return out === '' ? '[]' : out + '}'
}

async function renderLazy(list: PhpLazy, out: BodySink): Promise<void> {
  let first = true
  const prefixes = list.lazy === 'table' ? keyPrefixes(list.columns) : []
  const prefixBytes = prefixes.reduce((n, p) => n + p.length, 0)
  for (let batch = await list.next(); batch !== null; batch = await list.next()) {
    for (const item of batch) {
      const separator = first ? 0x5b : 0x2c // [ or ,
      first = false
      if (list.lazy === 'list') {
        out.byte(separator)
        out.ascii(encodeJson(item as PhpValue))
      } else if (prefixes.length === 0) {
        // A table without columns is a list of empty arrays.
        out.byte(separator)
        out.ascii('[]')
      } else {
        writeRow(out, separator, prefixes, prefixBytes, item as readonly PhpScalar[])
      }
    }
    await out.boundary()
  }
  out.ascii(first ? '[]' : ']')
}

/** json_encode into the body, reading lazy lists as it goes (its output is always ASCII). */
export async function renderJson(value: PhpValue, out: BodySink): Promise<void> {
  if (!containsLazy(value)) {
    out.ascii(encodeJson(value))
    return
  }
  if (isLazy(value)) return renderLazy(value, out)
  if (Array.isArray(value)) {
    out.byte(0x5b)
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out.byte(0x2c)
      await renderJson(value[i]!, out)
    }
    out.byte(0x5d)
    return
  }
  // An assoc array holding a lazy list is never empty, so it is an object.
  let separator = '{'
  const assoc = value as PhpAssoc
  for (const key in assoc) {
    out.ascii(separator + encodeJsonString(key) + ':')
    separator = ','
    await renderJson(assoc[key]!, out)
  }
  out.byte(0x7d)
}
