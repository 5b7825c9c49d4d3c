// Reading PHP's fputcsv back (`,` delimiter, `"` enclosure, `\` escape, `\n` line ends).
// fputcsv quotes a field holding a delimiter, quote, backslash, CR, LF, tab or space, and
// doubles each `"` in it — except a `"` right after a `\`, which it writes as is. So inside
// quotes `\"` is ambiguous: the quote may close the field (the value ends with a backslash)
// or belong to the value, and which one only later text can tell. The reader follows both
// readings side by side and drops a reading as soon as it meets text fputcsv could not have
// written (an unquoted field holding one of those characters, a quoted one holding none, a
// closing quote not followed by a delimiter). Records are handed out once one reading is
// left; at the end the closing reading is preferred. Text no fputcsv wrote (every reading
// dropped) is read again leniently, without the "could have written" checks.

/** fputcsv quotes a field holding one of these. */
const NEEDS_QUOTES = /[,"\\\r\n\t ]/
const QUOTED_ONLY = new Set([',', '"', '\\', '\r', '\n', '\t', ' '])

/** More readings than this (only adversarial text gets there) keeps the preferred ones. */
const MAX_READINGS = 64

type Mode =
  | 'fieldStart'
  | 'unquoted'
  | 'quoted'
  /** A `"` inside quotes, not after a backslash: a doubled quote or the closing one. */
  | 'quote'
  /** A `"` after a backslash read as the closing quote: a delimiter must follow. */
  | 'closed'

interface Reading {
  mode: Mode
  afterBackslash: boolean
  value: string
  fields: string[]
  /** Whether the current line has any character yet (an empty line is a record with no fields). */
  started: boolean
  /** Complete records not handed out yet. */
  records: string[][]
  /** Where the current record starts in the reader's pending text. */
  recordStart: number
}

const fresh = (): Reading => ({
  mode: 'fieldStart',
  afterBackslash: false,
  value: '',
  fields: [],
  started: false,
  records: [],
  recordStart: 0,
})

const fork = (r: Reading): Reading => ({ ...r, fields: [...r.fields], records: [...r.records] })

export interface RecordReader {
  /** More text; every record it completes is handed to `onRecord` (possibly later, see above). */
  push(text: string): void
  /** The end of the text: the last record may lack its line end. */
  end(): void
}

export function createRecordReader(onRecord: (fields: string[]) => void): RecordReader {
  let strict = true
  let readings: Reading[] = [fresh()]
  /** Text since the first record no reading has handed out (what a lenient retry reads again). */
  let pending = ''

  const canonical = (value: string, quoted: boolean) => !strict || NEEDS_QUOTES.test(value) === quoted

  /** Ends the current field; false when fputcsv could not have written it. */
  function endField(r: Reading, quoted: boolean): boolean {
    if (!canonical(r.value, quoted)) return false
    r.fields.push(r.value)
    r.value = ''
    r.mode = 'fieldStart'
    return true
  }

  function endRecord(r: Reading, at: number): void {
    r.records.push(r.fields)
    r.fields = []
    r.started = false
    r.mode = 'fieldStart'
    r.recordStart = at
  }

  /** A delimiter or line end after a complete field (or at a field's start). */
  function delimit(r: Reading, ch: string, at: number, quoted: boolean): boolean {
    if (ch === ',') {
      r.started = true
      return endField(r, quoted)
    }
    if (r.mode === 'fieldStart' && !r.started) {
      endRecord(r, at + 1)
      return true
    }
    if (!endField(r, quoted)) return false
    endRecord(r, at + 1)
    return true
  }

  /** One character for one reading: dropped (null), itself, or two readings (a quote after a backslash). */
  function step(r: Reading, ch: string, at: number): Reading | null | [Reading, Reading] {
    switch (r.mode) {
      case 'quoted':
        if (ch === '"' && r.afterBackslash) {
          const closing = fork(r)
          closing.mode = 'closed'
          r.value += ch
          r.afterBackslash = false
          return [closing, r] as [Reading, Reading]
        }
        if (ch === '"') r.mode = 'quote'
        else {
          r.value += ch
          r.afterBackslash = ch === '\\'
        }
        return r
      case 'quote':
        if (ch === '"') {
          r.value += ch
          r.mode = 'quoted'
          return r
        }
        return (ch === ',' || ch === '\n') && delimit(r, ch, at, true) ? r : null
      case 'closed':
        return (ch === ',' || ch === '\n') && delimit(r, ch, at, true) ? r : null
      case 'fieldStart':
      case 'unquoted':
        if (ch === ',' || ch === '\n') return delimit(r, ch, at, false) ? r : null
        r.started = true
        if (ch === '"' && r.mode === 'fieldStart') {
          r.mode = 'quoted'
          r.afterBackslash = false
          return r
        }
        if (strict && QUOTED_ONLY.has(ch)) return null
        r.value += ch
        r.mode = 'unquoted'
        return r
    }
  }

  /** Whether a reading can stop here: the end of the text. */
  function finish(r: Reading, at: number): boolean {
    switch (r.mode) {
      case 'quoted':
        return false
      case 'quote':
      case 'closed':
        if (!endField(r, true)) return false
        break
      case 'unquoted':
        if (!endField(r, false)) return false
        break
      case 'fieldStart':
        if (!r.started) return true
        r.fields.push('')
        break
    }
    endRecord(r, at)
    return true
  }

  /** Hands out the records of the one reading left, and forgets the text they came from. */
  function flush(): void {
    if (readings.length !== 1) return
    const [only] = readings as [Reading]
    for (const record of only.records) onRecord(record)
    only.records = []
    pending = pending.slice(only.recordStart)
    only.recordStart = 0
  }

  function read(text: string): void {
    const offset = pending.length
    pending += text
    for (let i = 0; i < text.length; i++) {
      let next: Reading[]
      if (readings.length === 1) {
        // The usual case, without allocating.
        const after = step(readings[0]!, text[i]!, offset + i)
        if (after === readings[0]) continue
        next = after === null ? [] : (after as Reading[])
      } else {
        next = []
        for (const r of readings) {
          const after = step(r, text[i]!, offset + i)
          if (after === null) continue
          if (Array.isArray(after)) next.push(...after)
          else next.push(after)
        }
      }
      if (next.length === 0) {
        if (!strict) throw new SyntaxError(`CSV: unreadable text at character ${offset + i} of a record`)
        // No fputcsv wrote this: read everything not handed out yet again, leniently.
        strict = false
        const again = pending
        pending = ''
        readings = [fresh()]
        read(again)
        return
      }
      readings = next.slice(0, MAX_READINGS)
    }
  }

  return {
    push(text) {
      read(text)
      flush()
    },
    end() {
      const complete = readings.filter((r) => finish(r, pending.length))
      if (complete.length === 0) {
        if (!strict) throw new SyntaxError('CSV: the text ends inside a quoted field')
        strict = false
        const again = pending
        pending = ''
        readings = [fresh()]
        read(again)
        this.end()
        return
      }
      // The closing reading of an ambiguous quote comes first: prefer it.
      readings = [complete[0]!]
      flush()
    },
  }
}
