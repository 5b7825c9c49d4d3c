// Redaction work grows linearly with the input, whatever its shape, and a
// 64 KiB header value or URL costs a bounded number of character reads.
// Measured by counting the characters the scanners read (ScanMeter), never by
// a clock: the regular expressions this replaces read ~n²/2 characters on a
// run of hex-looking text (2 s for 64 KiB).
import { describe, expect, it } from 'vitest'
import {
  applyTextRules,
  MAX_REDACT_CHARS,
  REDACTED,
  redactHeaders,
  redactUrl,
  redactValue,
  type ScanMeter,
} from '../src/redact.ts'
import { MAIN_API_KEY } from './traces.ts'

const KIB = 1024
const repeat = (unit: string, n: number) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n)

// The shapes that made one of the old regular expressions backtrack, and near-misses of every rule.
const ADVERSARIAL: Record<string, (n: number) => string> = {
  'a run of hex digits': (n) => repeat('a', n),
  'a run of hex digits ending in a word character': (n) => repeat('a', n - 1) + 'g',
  'a scheme-like run with no "://"': (n) => repeat('ab1+.-', n),
  'a URL whose password never ends': (n) => 'x://u:' + repeat('p', n - 6),
  '"://" again and again': (n) => repeat('a://', n),
  'user:password fragments without @': (n) => repeat('a://b:c', n),
  'ak_ keys that never complete': (n) => repeat('ak_a', n),
  'one ak_ prefix and a long word': (n) => 'ak_' + repeat('Z9', n - 3),
  'bearer and a whitespace run': (n) => 'bearer' + repeat(' ', n - 6),
  'bearer bearer bearer': (n) => repeat('bearer ', n),
  'a header name and a whitespace run': (n) => 'x-api-key' + repeat(' \t', n - 9),
  'header names again and again': (n) => repeat('x-api-key:', n),
  'a quoted name and no separator': (n) => repeat('"api_key" ', n),
  'query names without values': (n) => repeat('&token', n),
  'underscore-led hex runs': (n) => repeat('_' + 'f'.repeat(23), n),
}

function reads(run: (meter: ScanMeter) => unknown): number {
  const meter: ScanMeter = { reads: 0 }
  run(meter)
  return meter.reads
}

describe('redaction work', () => {
  for (const [shape, make] of Object.entries(ADVERSARIAL)) {
    it(`is linear on ${shape}`, () => {
      const small = reads((m) => applyTextRules(make(16 * KIB), m))
      const large = reads((m) => applyTextRules(make(64 * KIB), m))
      // 4x the input, 4x the reads (a quadratic scan would read 16x), and a few reads per character.
      expect(large / small).toBeLessThan(4.2)
      expect(large / (64 * KIB)).toBeLessThan(40)
    })
  }

  it('caps a 64 KiB header value: clipped before redaction, a bounded number of reads', () => {
    const headers = { 'user-agent': repeat('a', 64 * KIB), referer: repeat('deadbeef ', 64 * KIB) }
    const meter: ScanMeter = { reads: 0 }
    const out = redactHeaders(headers, meter)
    expect(meter.reads).toBeLessThan(2 * 40 * MAX_REDACT_CHARS)
    // 8 KiB of hex digits is one long hex run: hidden whole.
    expect(out['user-agent']).toBe(`${REDACTED}…[clipped ${56 * KIB} chars before redaction]`)
    expect(out.referer!.length).toBeLessThanOrEqual(MAX_REDACT_CHARS + 60)
    expect(out.referer).toMatch(/^(deadbeef )+(deadbeef?)?…\[clipped \d+ chars before redaction\]$/)
  })

  it('caps a 64 KiB URL and still hides its credentials', () => {
    const url = `https://api.adventive.com/v2.0/analytics?api_key=${MAIN_API_KEY}&from=${repeat('a', 64 * KIB)}`
    const meter: ScanMeter = { reads: 0 }
    const out = redactUrl(url, meter)
    expect(meter.reads).toBeLessThan(40 * MAX_REDACT_CHARS)
    const kept = MAX_REDACT_CHARS - url.indexOf('&from=') - '&from='.length
    expect(out).toBe(
      `https://api.adventive.com/v2.0/analytics?api_key=${REDACTED}&from=${REDACTED}…[clipped ${64 * KIB - kept} chars before redaction]`,
    )
  })

  it('never leaves the start of a credential at the cut', () => {
    for (const at of [30, 20, 10, 5]) {
      const pad = repeat('x ', MAX_REDACT_CHARS - at)
      const out = redactValue({ note: `${pad}Bearer ${MAIN_API_KEY} trailing` }) as { note: string }
      expect(out.note).not.toMatch(/ak_|5f2b/)
      const [kept, note] = out.note.split('…')
      expect(note).toMatch(/^\[clipped \d+ chars before redaction\]$/)
      expect(kept).toMatch(/^(x )+x?(B|Be|Bea|Bear|Beare|Bearer ?)?$/)
    }
  })
})
