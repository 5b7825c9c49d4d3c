// Credential redaction for everything the tail Worker ships. Logs leave
// Cloudflare for a third party, so anything that looks like a credential is
// replaced before it is serialised: header values of credential headers,
// credential query parameters, long hex/base64-ish tokens, and any field
// whose name looks like a credential, at any depth.
//
// The input is whatever a client sent (a URL, a header), so the work must not
// depend on its shape: every free-text rule is a hand-written scanner that
// reads each character a bounded number of times (linear time; the regular
// expressions these rules replace backtracked quadratically on a run of
// hex-looking text). Each rule gives exactly what its old regular expression
// gave (test/redact-rules.test.ts compares them). On top of that, a value
// longer than MAX_REDACT_CHARS is clipped BEFORE redaction, at a point where
// no credential can be cut in half, and the text says so.

export const REDACTED = '[REDACTED]'

/** Longest string (URL, header value, log text) redacted as is; longer ones are clipped first. */
export const MAX_REDACT_CHARS = 8192

/** Counts the characters the scanners read, so a test can prove the work is linear. */
export interface ScanMeter {
  reads: number
}

const CREDENTIAL_NAME =
  /^(x-api-key|x-integration-key|authorization|proxy-authorization|cookie|set-cookie|cf-access-client-secret)$|api[_-]?key|integration[_-]?key|password|passwd|secret|token|license[_-]?key|credential/i

export function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAME.test(name)
}

// ---------------------------------------------------------------- characters

const TAB = 9
const SPACE = 32
const UNDERSCORE = 95

/** JavaScript's `\s`: WhiteSpace and LineTerminator (ECMA-262). */
export function isSpace(c: number): boolean {
  if (c <= SPACE) return c === SPACE || (c >= TAB && c <= 13)
  if (c < 0xa0) return false
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  )
}

const isDigit = (c: number) => c >= 48 && c <= 57
const isLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
const isAlnum = (c: number) => isDigit(c) || isLetter(c)
/** `\w` without the `u` flag. */
const isWord = (c: number) => isAlnum(c) || c === UNDERSCORE
const isHex = (c: number) => isDigit(c) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)
const isQuote = (c: number) => c === 34 || c === 39
const lower = (c: number) => (c >= 65 && c <= 90 ? c + 32 : c)

/** A membership test for a few ASCII characters, built once. */
function oneOf(chars: string): (c: number) => boolean {
  const set = new Set([...chars].map((ch) => ch.charCodeAt(0)))
  return (c) => set.has(c)
}
const isSeparator = oneOf('_-')
const isHeaderValueStop = oneOf('"\'&,;}')
const isQueryValueStop = oneOf('&"\'')
const isSchemeExtra = oneOf('+.-')
const isUserStop = oneOf(':/?#@')
const isPasswordStop = oneOf('@/')
const isTokenExtra = oneOf('.~+/=-')
const isQueryStartMark = oneOf('?&;')
/** `[^\s"'&,;}]`: a header-style value. */
const isHeaderValueChar = (c: number) => c >= 0 && !isSpace(c) && !isHeaderValueStop(c)
/** `[^&\s"']`: a query-style value. */
const isQueryValueChar = (c: number) => c >= 0 && !isSpace(c) && !isQueryValueStop(c)
const isSchemeChar = (c: number) => isAlnum(c) || isSchemeExtra(c)
/** `[^:/?#\s@]`: the user part of `scheme://user:password@`. */
const isUserChar = (c: number) => c >= 0 && !isSpace(c) && !isUserStop(c)
/** `[^@/\s]`: the password part. */
const isPasswordChar = (c: number) => c >= 0 && !isSpace(c) && !isPasswordStop(c)
/** `[\w.~+/=-]`: a bearer token. */
const isTokenChar = (c: number) => isWord(c) || isTokenExtra(c)
const isQueryStart = (c: number) => isSpace(c) || isQueryStartMark(c)

// ------------------------------------------------------------------ scanning

/** The text one rule scans, with every character read counted. Past either end reads -1. */
class Scan {
  readonly text: string
  private readonly meter: ScanMeter

  constructor(text: string, meter: ScanMeter) {
    this.text = text
    this.meter = meter
  }

  get length(): number {
    return this.text.length
  }

  at(i: number): number {
    this.meter.reads++
    return i >= 0 && i < this.text.length ? this.text.charCodeAt(i) : -1
  }

  /** End of the run of `test` characters starting at `i`. */
  run(i: number, test: (c: number) => boolean): number {
    while (test(this.at(i))) i++
    return i
  }

  /** Does `word` (lower case) start at `i`, ignoring ASCII case? */
  word(i: number, word: string): boolean {
    for (let k = 0; k < word.length; k++) if (lower(this.at(i + k)) !== word.charCodeAt(k)) return false
    return true
  }

  /** End of `word[_-]?suffix` at `i` (the `api[_-]?key` shape), or -1. */
  joined(i: number, word: string, suffix: string): number {
    if (!this.word(i, word)) return -1
    let p = i + word.length
    if (isSeparator(this.at(p))) p++
    // `[_-]?` backtracking to "absent" would need the separator to start the suffix: never.
    return this.word(p, suffix) ? p + suffix.length : -1
  }

  /** End of the first of `alternatives` (a word, or a `[_-]?`-joined pair) matching at `i`, or -1. */
  firstOf(i: number, alternatives: readonly (string | readonly [string, string])[]): number {
    for (const alt of alternatives) {
      const end = typeof alt === 'string' ? (this.word(i, alt) ? i + alt.length : -1) : this.joined(i, ...alt)
      if (end >= 0) return end
    }
    return -1
  }
}

interface Match {
  /** Where the replaced text ends. */
  end: number
  /** What replaces text[start, end). */
  replacement: string
}

/** A rule: its leftmost match at or after `from`, and where that starts. */
type Finder = (s: Scan, from: number) => { start: number; match: Match } | null

/** Global replace with one rule, as String.prototype.replace with a /g regular expression. */
function replaceAll(text: string, find: Finder, meter: ScanMeter): string {
  const s = new Scan(text, meter)
  let out = ''
  let copied = 0
  for (let from = 0; from < text.length;) {
    const found = find(s, from)
    if (!found) break
    out += text.slice(copied, found.start) + found.match.replacement
    copied = found.match.end
    from = found.match.end
  }
  return copied === 0 ? text : out + text.slice(copied)
}

/** Tries `attempt` at each position from `from` (each rule bounds what a failed attempt reads). */
function firstMatch(s: Scan, from: number, attempt: (i: number) => Match | null) {
  for (let i = from; i < s.length; i++) {
    const match = attempt(i)
    if (match) return { start: i, match }
  }
  return null
}

// --------------------------------------------------------------------- rules

const HEADER_NAMES = [
  'x-api-key',
  'x-integration-key',
  'authorization',
  ['api', 'key'],
  ['integration', 'key'],
] as const

/**
 * Header-style `X-Api-Key: value` / JSON-style `"x-api-key":"value"`: keeps the name, the
 * separator and an opening quote, hides the value (and a `Bearer `/`Basic ` before it).
 * Was /((?:x-api-key|x-integration-key|authorization|api[_-]?key|integration[_-]?key)["']?\s*[:=]\s*["']?)(?:bearer\s+|basic\s+)?[^\s"'&,;}]+/gi.
 * A failed attempt reads its name and the two whitespace runs after it; a run follows one
 * name only ("x-api-key" and the "api-key" inside it share theirs).
 */
const headerStyle: Finder = (s, from) =>
  firstMatch(s, from, (i) => {
    const nameEnd = s.firstOf(i, HEADER_NAMES)
    if (nameEnd < 0) return null
    let p = nameEnd
    if (isQuote(s.at(p))) p++
    p = s.run(p, isSpace)
    const separator = s.at(p)
    if (separator !== 58 && separator !== 61) return null // ':' or '='
    p = s.run(p + 1, isSpace)
    if (isQuote(s.at(p))) p++
    const keep = p
    const scheme = s.word(p, 'bearer') ? 6 : s.word(p, 'basic') ? 5 : 0
    if (scheme > 0 && isSpace(s.at(p + scheme))) {
      const token = s.run(p + scheme, isSpace)
      const end = s.run(token, isHeaderValueChar)
      if (end > token) return { end, replacement: s.text.slice(i, keep) + REDACTED }
    }
    const end = s.run(keep, isHeaderValueChar)
    return end > keep ? { end, replacement: s.text.slice(i, keep) + REDACTED } : null
  })

const QUERY_NAMES = [
  ['api', 'key'],
  ['integration', 'key'],
  'key',
  'token',
  ['access', 'token'],
  'secret',
  'password',
] as const

/**
 * Query-string style `api_key=…`, `token=…`, `password=…` (the value may be empty).
 * Was the pattern `([?&;\s](?:api[_-]?key|integration[_-]?key|key|token|access[_-]?token|secret|password)=)[^&\s"']*`, flags gi.
 */
const queryStyle: Finder = (s, from) =>
  firstMatch(s, from, (i) => {
    if (!isQueryStart(s.at(i))) return null
    const nameEnd = s.firstOf(i + 1, QUERY_NAMES)
    if (nameEnd < 0 || s.at(nameEnd) !== 61) return null
    const end = s.run(nameEnd + 1, isQueryValueChar)
    return { end, replacement: s.text.slice(i, nameEnd + 1) + REDACTED }
  })

/**
 * Credentials inside a connection URL: `scheme://user:password@host`.
 * Was /([a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]+:)[^@/\s]+@/gi.
 * Every letter of a run of scheme characters sees the same "://" after the run, so a failed
 * run is skipped whole; the user and password runs read by two attempts overlap by O(1).
 */
const urlUserinfo: Finder = (s, from) => {
  for (let i = from; i < s.length;) {
    if (!isLetter(s.at(i))) {
      i++
      continue
    }
    const schemeEnd = s.run(i + 1, isSchemeChar)
    if (s.at(schemeEnd) === 58 && s.at(schemeEnd + 1) === 47 && s.at(schemeEnd + 2) === 47) {
      const userStart = schemeEnd + 3
      const userEnd = s.run(userStart, isUserChar)
      if (userEnd > userStart && s.at(userEnd) === 58) {
        const passwordEnd = s.run(userEnd + 1, isPasswordChar)
        if (passwordEnd > userEnd + 1 && s.at(passwordEnd) === 64) {
          return {
            start: i,
            match: { end: passwordEnd + 1, replacement: s.text.slice(i, userEnd + 1) + REDACTED + '@' },
          }
        }
      }
    }
    i = schemeEnd
  }
  return null
}

/**
 * Bearer tokens anywhere (8+ token characters). Was /(bearer\s+)[\w.~+/=-]{8,}/gi.
 * A failed attempt reads the whitespace run after its own "bearer" and under 8 token characters.
 */
const bearerToken: Finder = (s, from) =>
  firstMatch(s, from, (i) => {
    if (!s.word(i, 'bearer') || !isSpace(s.at(i + 6))) return null
    const token = s.run(i + 6, isSpace)
    const end = s.run(token, isTokenChar)
    return end - token >= 8 ? { end, replacement: s.text.slice(i, token) + REDACTED } : null
  })

/**
 * This API's own key format (ak_<name>_<8+ alphanumerics>), whole.
 * Was /\bak_[A-Za-z0-9]+_[A-Za-z0-9]{8,}/g.
 * A failed attempt reads one word; no other attempt can start inside it (no \b there).
 */
const apiKeyFormat: Finder = (s, from) =>
  firstMatch(s, from, (i) => {
    if (s.at(i) !== 97 || s.at(i + 1) !== 107 || s.at(i + 2) !== UNDERSCORE || isWord(s.at(i - 1)))
      return null
    const nameEnd = s.run(i + 3, isAlnum)
    if (nameEnd === i + 3 || s.at(nameEnd) !== UNDERSCORE) return null
    const end = s.run(nameEnd + 1, isAlnum)
    return end - (nameEnd + 1) >= 8 ? { end, replacement: REDACTED } : null
  })

/**
 * Long hex runs (API keys, hashes of keys, session ids): 24+ hex digits that start a word or
 * follow `_`, and end a word. Was /\b[0-9a-f]{24,}\b|(?<=_)[0-9a-f]{24,}\b/gi.
 * Only the first digit of a maximal hex run can start a match, so each run is read once.
 */
const hexRun: Finder = (s, from) => {
  for (let i = from; i < s.length;) {
    if (!isHex(s.at(i))) {
      i++
      continue
    }
    const end = s.run(i + 1, isHex)
    const before = s.at(i - 1)
    if ((!isWord(before) || before === UNDERSCORE) && end - i >= 24 && !isWord(s.at(end))) {
      return { start: i, match: { end, replacement: REDACTED } }
    }
    i = end
  }
  return null
}

/** In this order, each on the output of the one before (as the regular expressions were). */
const TEXT_RULES: readonly Finder[] = [
  headerStyle,
  queryStyle,
  urlUserinfo,
  bearerToken,
  apiKeyFormat,
  hexRun,
]

/** The free-text rules on the whole text, however long (linear time; no clipping). */
export function applyTextRules(text: string, meter: ScanMeter = { reads: 0 }): string {
  let out = text
  for (const rule of TEXT_RULES) out = replaceAll(out, rule, meter)
  return out
}

// ------------------------------------------------------------------ clipping
//
// A too-long text is cut at the limit, then its tail is cut back past anything
// that may be the beginning of a credential the rules would have hidden whole
// (the rules that need a name before the value still hide a value cut short).

/** Start of the run of `test` characters that ends at `end` in `s`. */
function runBack(s: Scan, end: number, test: (c: number) => boolean): number {
  let i = end
  while (i > 0 && test(s.at(i - 1))) i--
  return i
}

/**
 * Where a credential cut short at the end of the text begins, or null:
 * a `user:password` whose `@` was cut off (the password starts after the
 * first `:` since the last `/` or whitespace), a hex run under 24 digits
 * that may be the start of a longer one, an `ak_` key without its 8
 * characters (or just its start), a bearer token under 8 characters.
 */
function partialCredential(s: Scan): number | null {
  const end = s.length
  const cuts: number[] = []
  const segment = runBack(s, end, (c) => c !== 47 && !isSpace(c))
  for (let i = segment; i < end; i++) {
    if (s.at(i) === 58) {
      if (i + 1 < end) cuts.push(i + 1)
      break
    }
  }
  const hex = runBack(s, end, isHex)
  const beforeHex = s.at(hex - 1)
  if (hex < end && end - hex < 24 && (!isWord(beforeHex) || beforeHex === UNDERSCORE)) cuts.push(hex)
  const word = runBack(s, end, isWord)
  // "a" and "ak" may be the start of "ak_".
  if (s.at(word) === 97 && end - word <= 2 && (end - word === 1 || s.at(word + 1) === 107)) cuts.push(word)
  if (s.at(word) === 97 && s.at(word + 1) === 107 && s.at(word + 2) === UNDERSCORE) {
    const nameEnd = s.run(word + 3, isAlnum)
    const keyEnd = s.at(nameEnd) === UNDERSCORE ? s.run(nameEnd + 1, isAlnum) : -1
    if (nameEnd === end || (keyEnd === end && end - (nameEnd + 1) < 8)) cuts.push(word)
  }
  const token = runBack(s, end, isTokenChar)
  const space = runBack(s, token, isSpace)
  if (token < end && end - token < 8 && space < token && space >= 6 && s.word(space - 6, 'bearer'))
    cuts.push(token)
  return cuts.length ? Math.min(...cuts) : null
}

/**
 * The conservative cut when trimming does not settle: right after the last
 * whitespace (no rule's value holds whitespace), or in a text without any,
 * after `/`, or after `?`, `&`, `=` when no `:` came since the last `/`.
 */
function safeCut(s: Scan, limit: number): number {
  let colonSinceSlash = false
  let afterSlash = 0
  let afterQuerySeparator = 0
  for (let i = 0; i < limit; i++) {
    const c = s.at(i)
    if (isSpace(c)) return runBack(s, limit, (x) => !isSpace(x))
    if (c === 47) {
      afterSlash = i + 1
      colonSinceSlash = false
    } else if (c === 58) {
      colonSinceSlash = true
    } else if ((c === 63 || c === 38 || c === 61) && !colonSinceSlash) {
      afterQuerySeparator = i + 1
    }
  }
  return Math.max(afterSlash, afterQuerySeparator)
}

/** The text cut to at most `limit` characters where no credential is cut in half, and how much was cut. */
export function clipForRedaction(
  text: string,
  limit: number = MAX_REDACT_CHARS,
  meter: ScanMeter = { reads: 0 },
): { kept: string; clipped: number } {
  if (text.length <= limit) return { kept: text, clipped: 0 }
  let kept = text.slice(0, limit)
  // Each round only shortens the text; a tail that keeps yielding candidates gets the conservative cut.
  for (let round = 0; round < 4; round++) {
    const s = new Scan(kept, meter)
    const cut = partialCredential(s)
    if (cut === null) break
    kept = kept.slice(0, round < 3 ? cut : safeCut(s, kept.length))
  }
  return { kept, clipped: text.length - kept.length }
}

const clipNote = (clipped: number) => `…[clipped ${clipped} chars before redaction]`

// ---------------------------------------------------------------------- API

export function redactText(text: string, meter: ScanMeter = { reads: 0 }): string {
  const { kept, clipped } = clipForRedaction(text, MAX_REDACT_CHARS, meter)
  const redacted = applyTextRules(kept, meter)
  return clipped > 0 ? redacted + clipNote(clipped) : redacted
}

/**
 * A URL with every credential-like query parameter value hidden, keeping the
 * raw query otherwise byte for byte (order, encoding, repeated names), then
 * the free-text rules (for userinfo passwords and tokens in the path).
 */
export function redactUrl(raw: string, meter: ScanMeter = { reads: 0 }): string {
  const { kept, clipped } = clipForRedaction(raw, MAX_REDACT_CHARS, meter)
  const redacted = applyTextRules(redactQueryParameters(kept, meter), meter)
  return clipped > 0 ? redacted + clipNote(clipped) : redacted
}

function redactQueryParameters(url: string, meter: ScanMeter): string {
  const queryAt = url.indexOf('?')
  if (queryAt < 0) return url
  const hashAt = url.indexOf('#', queryAt)
  const query = url.slice(queryAt + 1, hashAt < 0 ? undefined : hashAt)
  // Splitting, decoding and the two name tests each read a name a bounded number of times.
  meter.reads += url.length
  const pairs = query.split('&').map((pair) => {
    const eq = pair.indexOf('=')
    if (eq < 0) return pair
    let name = pair.slice(0, eq)
    try {
      name = decodeURIComponent(name.replace(/\+/g, ' '))
    } catch {
      // undecodable name: judged as written
    }
    return isCredentialName(name) || /^(key|sig|signature)(\[\])?$/i.test(name)
      ? `${pair.slice(0, eq)}=${REDACTED}`
      : pair
  })
  return url.slice(0, queryAt + 1) + pairs.join('&') + (hashAt < 0 ? '' : url.slice(hashAt))
}

export function redactHeaders(
  headers: Record<string, string>,
  meter: ScanMeter = { reads: 0 },
): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    out[name] = isCredentialName(name) ? REDACTED : redactText(value, meter)
  }
  return out
}

/** Deep copy of any JSON-ish value with credentials hidden. */
export function redactValue(value: unknown, meter: ScanMeter = { reads: 0 }): unknown {
  return redactAt(value, 0, meter)
}

function redactAt(value: unknown, depth: number, meter: ScanMeter): unknown {
  if (typeof value === 'string') return redactText(value, meter)
  if (value === null || typeof value !== 'object') return value
  if (depth > 8) return '[TRUNCATED]'
  if (Array.isArray(value)) return value.map((v) => redactAt(v, depth + 1, meter))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      isCredentialName(k) && v !== null && v !== undefined && v !== ''
        ? REDACTED
        : redactAt(v, depth + 1, meter)
  }
  return out
}
