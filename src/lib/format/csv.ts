// CodeIgniter REST Server 3.0 Format::to_csv, byte for byte (before the
// UTF-16LE conversion, which index.ts applies):
//   - a list whose first item is set and which holds a non-empty array
//     (count($data) !== count($data, COUNT_RECURSIVE)) is a table: headings
//     from the first item's keys, one line per item, stopping at the first
//     item that is not an array;
//   - anything else (an assoc array, an error envelope, an empty list) is one
//     heading line of its keys and one line of its values;
//   - values go through strval (nested arrays print `Array`), lines through
//     PHP 8.2 fputcsv with `,` `"` and escape `\`, ending in `\n`.
import { phpStrval } from '../php/strval.ts'
import { materialize, peek, remaining } from './lazy.ts'
import { isLazyList, type PhpValue } from './php-value.ts'

// fputcsv quotes a field holding the delimiter, enclosure, escape char, CR, LF, tab or space.
const NEEDS_QUOTES = /[,"\\\r\n\t ]/

/** One fputcsv field: `"` doubled, except right after a `\` (PHP's escape char). */
export function csvField(field: string): string {
  if (!NEEDS_QUOTES.test(field)) return field
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
  return `${fields.map(csvField).join(',')}\n`
}

const isArrayLike = (v: PhpValue): v is PhpValue[] | Record<string, PhpValue> =>
  v !== null && typeof v === 'object'

/** array_keys($row) as strings (list indices print as digits). */
const keysOf = (row: PhpValue[] | Record<string, PhpValue>) => Object.keys(row)

/** array_map('strval', $row). */
const valuesOf = (row: PhpValue[] | Record<string, PhpValue>) => Object.values(row).map(phpStrval)

const isNonEmptyArray = (v: PhpValue) => isArrayLike(v) && (isLazyList(v) || Object.keys(v).length > 0)

/** Format::to_csv for a value whose rows are not lazy lists (lazy fields print `Array`). */
export function encodeCsv(value: PhpValue): string {
  const data = isArrayLike(value) && !isLazyList(value) ? value : value === null ? [] : [value]
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

/** Format::to_csv as text pieces: a lazy root list of rows streams one line per row. */
export async function* csvChunks(value: PhpValue): AsyncGenerator<string> {
  if (!isLazyList(value)) {
    // Lazy lists inside a row print as `Array` and need not be read; a lazy row must be.
    yield encodeCsv(Array.isArray(value) && value.some(isLazyList) ? await materialize(value) : value)
    return
  }
  const { first, empty, rest } = await peek(value)
  if (empty || !isArrayLike(first!) || isLazyList(first!) || Object.keys(first!).length === 0) {
    // Whether this is a table depends on every item: read them all.
    const items = first === undefined ? [] : [first]
    for await (const item of remaining(rest)) items.push(item)
    yield encodeCsv(await materialize(items))
    return
  }
  yield csvLine(keysOf(first!))
  yield csvLine(valuesOf(first!))
  for await (const row of remaining(rest)) {
    if (!isArrayLike(row)) {
      // to_csv stops at the first row that is not an array; let the producer clean up.
      await rest.return?.()
      return
    }
    yield csvLine(valuesOf(isLazyList(row) ? ((await materialize(row)) as PhpValue[]) : row))
  }
}
