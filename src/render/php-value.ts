// The PHP value model: what the legacy app held in memory just before
// CodeIgniter's Format class turned it into bytes. Every renderer takes this,
// and every endpoint produces it, so int vs float vs string survives from the
// computation to the bytes.
//
//   PHP null          → null
//   PHP bool          → boolean
//   PHP string        → string   (every MySQL column value arrives as one, via mysqli)
//   PHP int (64-bit)  → bigint   (e.g. the (int) casts of data_connector=2, the int 0 of a ratio)
//   PHP float         → number   (a JS number is ALWAYS a PHP float here: round() results, divisions)
//   PHP list          → PhpValue[]            (keys 0..n-1)
//   PHP assoc array   → PhpAssoc              (insertion order is the PHP key order)
//   a list produced while the body is written (streamed rows):
//                     → PhpLazyList (any items) or PhpLazyTable (rows with the same keys)
//
// PhpAssoc keys must not look like array indices ("0", "12"): JavaScript would
// reorder those. No legacy payload has such keys.

export type PhpScalar = null | boolean | string | bigint | number

export interface PhpAssoc {
  [key: string]: PhpValue
}

/**
 * A PHP list whose items arrive in batches while the response is written.
 * Renders exactly like the equivalent array; read once, front to back.
 */
export interface PhpLazyList {
  readonly lazy: 'list'
  /** The next items, or null at the end. */
  next(): Promise<readonly PhpValue[] | null>
  /** Stops the producer early (client gone, render failed). Safe to call twice. */
  close(): void
}

/**
 * A PHP list of assoc arrays that all have `columns` as their keys, in that
 * order, with scalar values: the shape of a query result. Rows arrive as
 * value arrays aligned with `columns`, so no object is built per row and the
 * renderers write the keys from precomputed pieces.
 */
export interface PhpLazyTable {
  readonly lazy: 'table'
  readonly columns: readonly string[]
  /** The next rows, or null at the end. */
  next(): Promise<readonly (readonly PhpScalar[])[] | null>
  close(): void
}

export type PhpLazy = PhpLazyList | PhpLazyTable

export type PhpValue = PhpScalar | PhpValue[] | PhpAssoc | PhpLazy

export function isLazy(value: unknown): value is PhpLazy {
  if (typeof value !== 'object' || value === null) return false
  const kind = (value as { lazy?: unknown }).lazy
  return kind === 'list' || kind === 'table'
}

export function isPhpAssoc(value: PhpValue): value is PhpAssoc {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isLazy(value)
}

/** Whether rendering `value` has to wait for a lazy list somewhere inside it. */
export function containsLazy(value: PhpValue): boolean {
  if (value === null || typeof value !== 'object') return false
  if (isLazy(value)) return true
  if (Array.isArray(value)) return value.some(containsLazy)
  for (const key in value) if (containsLazy(value[key]!)) return true
  return false
}

/** Every lazy list inside `value` (so a cancelled response can stop them all). */
export function lazyParts(value: PhpValue, out: PhpLazy[] = []): PhpLazy[] {
  if (value === null || typeof value !== 'object') return out
  if (isLazy(value)) {
    out.push(value)
    return out
  }
  if (Array.isArray(value)) for (const item of value) lazyParts(item, out)
  else for (const key in value) lazyParts(value[key]!, out)
  return out
}

/** A lazy list over batches from any producer. */
export function lazyList(
  next: () => Promise<readonly PhpValue[] | null>,
  close: () => void = () => {},
): PhpLazyList {
  return { lazy: 'list', next, close }
}

/** A lazy table over batches of rows aligned with `columns`. */
export function lazyTable(
  columns: readonly string[],
  next: () => Promise<readonly (readonly PhpScalar[])[] | null>,
  close: () => void = () => {},
): PhpLazyTable {
  return { lazy: 'table', columns, next, close }
}

/** The assoc array of one table row (for the rare shapes that need the generic renderers). */
export function tableRow(columns: readonly string[], values: readonly PhpScalar[]): PhpAssoc {
  const row: PhpAssoc = {}
  for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i]!
  return row
}

/** Reads a lazy value to the end: a plain PHP array (tests, and shapes that cannot stream). */
export async function materialize(value: PhpValue): Promise<PhpValue> {
  if (value === null || typeof value !== 'object') return value
  if (isLazy(value)) {
    const items: PhpValue[] = []
    for (let batch = await value.next(); batch !== null; batch = await value.next()) {
      for (const item of batch) {
        items.push(
          value.lazy === 'table'
            ? tableRow(value.columns, item as PhpScalar[])
            : await materialize(item as PhpValue),
        )
      }
    }
    return items
  }
  if (!containsLazy(value)) return value
  if (Array.isArray(value)) {
    const out: PhpValue[] = []
    for (const item of value) out.push(await materialize(item))
    return out
  }
  const out: PhpAssoc = {}
  for (const key in value) out[key] = await materialize(value[key]!)
  return out
}
