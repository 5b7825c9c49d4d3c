// PHP json_encode($data) with no flags, byte for byte: `/` escaped, non-ASCII
// as \uXXXX (UTF-16 code units, so surrogate pairs above U+FFFF), lowercase
// hex, ints as digits, floats with serialize_precision = -1, an empty PHP
// array (list or assoc) as `[]`, assoc arrays as objects in insertion order.
import { formatFloatJson } from '../php/float-format.ts'
import { containsLazy } from './lazy.ts'
import { isLazyList, type PhpValue } from './php-value.ts'

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
const NEEDS_ESCAPE = /["\\/\u0000-\u001f\u0080-\uffff]/g

function escapeChar(ch: string): string {
  return SHORT_ESCAPES[ch] ?? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`
}

export function encodeJsonString(s: string): string {
  return `"${s.replace(NEEDS_ESCAPE, escapeChar)}"`
}

function encodeNumber(n: number): string {
  // PHP's json_encode fails on INF/NAN (JSON_ERROR_INF_OR_NAN); no legacy value is one.
  if (!Number.isFinite(n)) throw new RangeError(`json_encode cannot encode ${n}`)
  return formatFloatJson(n)
}

/** json_encode of a value without lazy lists. */
export function encodeJson(value: PhpValue): string {
  if (value === null) return 'null'
  if (value === true) return 'true'
  if (value === false) return 'false'
  if (typeof value === 'string') return encodeJsonString(value)
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'number') return encodeNumber(value)
  if (isLazyList(value)) throw new TypeError('encodeJson cannot encode a lazy list; use jsonChunks')
  if (Array.isArray(value)) return `[${value.map(encodeJson).join(',')}]`
  const entries = Object.entries(value)
  if (entries.length === 0) return '[]'
  return `{${entries.map(([k, v]) => `${encodeJsonString(k)}:${encodeJson(v)}`).join(',')}}`
}

/** json_encode as text pieces, reading lazy lists as it goes. Concatenated, equal to encodeJson. */
export async function* jsonChunks(value: PhpValue): AsyncGenerator<string> {
  if (!containsLazy(value)) {
    yield encodeJson(value)
    return
  }
  if (isLazyList(value) || Array.isArray(value)) {
    yield '['
    let first = true
    for await (const item of value) {
      if (!first) yield ','
      first = false
      yield* jsonChunks(item)
    }
    yield ']'
    return
  }
  // An assoc array holding a lazy list is never empty, so it is an object.
  let separator = '{'
  for (const [key, item] of Object.entries(value as Record<string, PhpValue>)) {
    yield `${separator}${encodeJsonString(key)}:`
    separator = ','
    yield* jsonChunks(item)
  }
  yield '}'
}
