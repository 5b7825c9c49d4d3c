// CodeIgniter REST Server 3.0 Format::to_csv, byte for byte, written as
// UTF-16LE (its final mb_convert_encoding):
//   - a list whose first item is set and which holds a non-empty array
//     (count($data) !== count($data, COUNT_RECURSIVE)) is a table: headings
//     from the first item's keys, one line per item, stopping at the first
//     item that is not an array;
//   - anything else (an assoc array, an error envelope, an empty list) is one
//     heading line of its keys and one line of its values;
//   - values go through strval (nested arrays print `Array`), lines through
//     PHP 8.2 fputcsv with `,` `"` and escape `\`, ending in `\n`.
import { phpStrval } from '../php/strval.ts'
import type { BodySink } from './sink.ts'
import { isLazy, materialize, tableRow, type PhpLazy, type PhpScalar, type PhpValue } from './php-value.ts'

/** One fputcsv field: `"` doubled, except right after a `\` (PHP's escape char). */
export function csvField(field: string): string {
  if (!needsQuotes(field)) return field
  let out = '"'
  let escaped = false
  for (const ch of field) {
    if (ch === '\\') {
      escaped = true
    } else if (!escaped && ch === '"') {
      out += '"'
    } else {
      escaped = false
    }
    out += ch
  }
  return `${out}"`
}

/** fputcsv($handle, $fields) with the default eol. */
export function csvLine(fields: readonly string[]): string {
  let out = ''
  for (let i = 0; i < fields.length; i++) out += (i === 0 ? '' : ',') + csvField(fields[i]!)
  return out + '\n'
}

/** Whether fputcsv quotes the field: it holds the delimiter, enclosure, escape char, CR, LF, tab or a space. */
function needsQuotes(field: string): boolean {
  for (let i = 0; i < field.length; i++) {
    const c = field.charCodeAt(i)
    if (c === 0x2c || c === 0x22 || c === 0x5c || c === 0x0d || c === 0x0a || c === 0x09 || c === 0x20)
      return true
  }
  return false
}

/** One UTF-16LE code unit into `buf` at `at`; the new position. */
function unitInto(buf: Uint8Array, at: number, unit: number): number {
  buf[at] = unit & 0xff
  buf[at + 1] = unit >> 8
  return at + 2
}

/** csvField's text as UTF-16LE into `buf` at `at` (room: 4 × length + 4 bytes); the new position. */
function fieldInto(buf: Uint8Array, at: number, field: string): number {
  if (!needsQuotes(field)) {
    for (let i = 0; i < field.length; i++) at = unitInto(buf, at, field.charCodeAt(i))
    return at
  }
  at = unitInto(buf, at, 0x22)
  let escaped = false
  for (let i = 0; i < field.length; i++) {
    const c = field.charCodeAt(i)
    // `"` is doubled, except right after a `\` (PHP's escape character).
    if (c === 0x5c) escaped = true
    else if (!escaped && c === 0x22) at = unitInto(buf, at, 0x22)
    else escaped = false
    at = unitInto(buf, at, c)
  }
  return unitInto(buf, at, 0x22)
}

/** fputcsv of a row of scalars, through strval, into the body: room reserved once for the line. */
function writeScalarLine(out: BodySink, values: readonly PhpScalar[]): void {
  const fields = values.map(phpStrval)
  let need = 2
  for (const field of fields) need += 4 * field.length + 6
  const buf = out.reserve(need)
  let at = out.position
  for (let i = 0; i < fields.length; i++) {
    if (i > 0) at = unitInto(buf, at, 0x2c)
    at = fieldInto(buf, at, fields[i]!)
  }
  out.advance(unitInto(buf, at, 0x0a))
}

type ArrayLike = PhpValue[] | Record<string, PhpValue>

const isArrayLike = (v: PhpValue): v is ArrayLike => v !== null && typeof v === 'object'

/** array_keys($row) as strings (list indices print as digits). */
const keysOf = (row: ArrayLike) => Object.keys(row)

/** array_map('strval', $row). */
const valuesOf = (row: ArrayLike) => Object.values(row).map(phpStrval)

const isNonEmptyArray = (v: PhpValue) => isArrayLike(v) && (isLazy(v) || Object.keys(v).length > 0)

/** Format::to_csv for a value whose rows are not lazy lists (lazy fields print `Array`). */
export function encodeCsv(value: PhpValue): string {
  const data = isArrayLike(value) && !isLazy(value) ? value : value === null ? [] : [value]
  const items = Object.values(data)
  const first = Array.isArray(data) ? data[0] : undefined
  if (first !== undefined && first !== null && items.some(isNonEmptyArray)) {
    if (!isArrayLike(first)) throw new TypeError('to_csv: array_keys() of a non-array first row')
    let out = csvLine(keysOf(first))
    for (const row of items) {
      if (!isArrayLike(row)) break
      out += csvLine(valuesOf(row))
    }
    return out
  }
  return csvLine(keysOf(data)) + csvLine(valuesOf(data))
}

/** A lazy root list whose first item decides that the whole is a table: one line per item. */
async function renderLazy(list: PhpLazy, out: BodySink): Promise<void> {
  let first = await list.next()
  while (first !== null && first.length === 0) first = await list.next()
  const head = first?.[0]
  const tabular =
    list.lazy === 'table'
      ? list.columns.length > 0
      : head !== undefined &&
        isArrayLike(head as PhpValue) &&
        !isLazy(head as PhpValue) &&
        keysOf(head as ArrayLike).length > 0
  if (first === null || !tabular) {
    // Whether this is a table depends on every item: read them all (empty or degenerate lists only).
    const items: PhpValue[] = []
    for (let batch = first; batch !== null; batch = await list.next()) {
      for (const item of batch) {
        items.push(list.lazy === 'table' ? tableRow(list.columns, item as PhpScalar[]) : (item as PhpValue))
      }
    }
    out.utf16(encodeCsv(await materialize(items)))
    return
  }
  if (list.lazy === 'table') {
    out.utf16(csvLine(list.columns))
    for (let batch: typeof first | null = first; batch !== null; batch = await list.next()) {
      for (const row of batch) writeScalarLine(out, row as readonly PhpScalar[])
      await out.boundary()
    }
    return
  }
  out.utf16(csvLine(keysOf(head as ArrayLike)))
  for (let batch: typeof first | null = first; batch !== null; batch = await list.next()) {
    for (const item of batch as readonly PhpValue[]) {
      if (!isArrayLike(item)) {
        // to_csv stops at the first row that is not an array; let the producer clean up.
        list.close()
        return
      }
      out.utf16(csvLine(valuesOf(isLazy(item) ? ((await materialize(item)) as ArrayLike) : item)))
    }
    await out.boundary()
  }
}

/** Format::to_csv into the body (UTF-16LE): a lazy root list of rows streams, one line per row. */
export async function renderCsv(value: PhpValue, out: BodySink): Promise<void> {
  if (isLazy(value)) return renderLazy(value, out)
  // Lazy lists inside a row print as `Array` and need not be read; a lazy row must be.
  out.utf16(encodeCsv(Array.isArray(value) && value.some(isLazy) ? await materialize(value) : value))
}
