// $_GET exactly as PHP builds it from the raw query string, because the
// legacy rules are written in its terms: `+` is a space, the last of repeated
// names wins, `name[]=…` makes an array (an invalid value for every legacy
// parameter), a name's dots and spaces become underscores.

/** A parameter PHP turned into an array (`from[]=…`, `from[x]=…`). Its items never matter here. */
export interface QueryArray {
  readonly array: true
}

export type PhpQuery = ReadonlyMap<string, string | QueryArray>

const ARRAY_VALUE: QueryArray = Object.freeze({ array: true as const })

export function isQueryArray(v: string | QueryArray | undefined): v is QueryArray {
  return typeof v === 'object' && v !== null
}

/** PHP urldecode(): `+` → space, valid %XX → byte; bytes decoded as UTF-8. */
export function phpUrlDecode(s: string): string {
  // Most names and values carry nothing to decode.
  if (!s.includes('%') && !s.includes('+')) return s.isWellFormed() ? s : s.toWellFormed()
  const bytes: number[] = []
  const raw = s.replaceAll('+', ' ')
  const encoder = new TextEncoder()
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!
    if (ch === '%' && /^[0-9A-Fa-f]{2}$/.test(raw.slice(i + 1, i + 3))) {
      bytes.push(parseInt(raw.slice(i + 1, i + 3), 16))
      i += 2
    } else {
      const cp = raw.codePointAt(i)!
      if (cp > 0xffff) i++
      bytes.push(...encoder.encode(String.fromCodePoint(cp)))
    }
  }
  return UTF8.decode(new Uint8Array(bytes))
}

// PHP keeps every decoded byte: a leading U+FEFF (`%EF%BB%BF`) is part of the value, not a BOM to drop.
const UTF8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true })

/**
 * The variable name PHP registers, and whether it is an array.
 * php_register_variable_ex: leading spaces dropped; spaces and dots become
 * `_` up to the first `[`; a `[` with a closing `]` makes an array, an
 * unmatched `[` becomes `_`.
 */
function registeredName(rawName: string): { name: string; array: boolean } {
  const trimmed = rawName.replace(/^ +/, '')
  const open = trimmed.indexOf('[')
  if (open === -1) return { name: trimmed.replace(/[ .]/g, '_'), array: false }
  const base = trimmed.slice(0, open).replace(/[ .]/g, '_')
  if (trimmed.indexOf(']', open) === -1) {
    return { name: base + '_' + trimmed.slice(open + 1), array: false }
  }
  return { name: base, array: true }
}

/** Parses a raw query string (without the leading `?`) as PHP fills $_GET. */
export function parsePhpQuery(rawQuery: string): PhpQuery {
  const out = new Map<string, string | QueryArray>()
  for (const part of rawQuery.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const rawName = phpUrlDecode(eq === -1 ? part : part.slice(0, eq))
    const value = eq === -1 ? '' : phpUrlDecode(part.slice(eq + 1))
    const { name, array } = registeredName(rawName)
    if (name === '') continue
    out.set(name, array ? ARRAY_VALUE : value)
  }
  return out
}

/**
 * A canonical query string carrying the same scalar parameters (one each,
 * the value PHP kept). Array-valued parameters are left out: the legacy
 * validator, which reads the PhpQuery, rejects them.
 */
export function canonicalQueryString(query: PhpQuery): string {
  const parts: string[] = []
  for (const [name, value] of query) {
    if (isQueryArray(value)) continue
    parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
  }
  return parts.join('&')
}
