// The linear scanners of src/redact.ts against the regular expressions they
// replace (test/regex-redaction.ts): the same output on any input, and a
// clipped text never shows a piece of a credential the whole text would hide.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { applyTextRules, clipForRedaction, isSpace, REDACTED } from '../src/redact.ts'
import { regexRedact, regexRedactTracked } from './regex-redaction.ts'

// Pieces that make the rules fire, half-fire and interact.
const PIECES = [
  'x-api-key',
  'X-Integration-Key',
  'authorization',
  'Proxy-Authorization',
  'api_key',
  'API-KEY',
  'apikey',
  'integration_key',
  'key',
  'token',
  'access_token',
  'access-token',
  'secret',
  'password',
  'bearer',
  'Bearer',
  'BASIC',
  'ak_',
  'ak_main_',
  'mysql://',
  'https://',
  'x://',
  'u',
  'user',
  ':',
  '=',
  '@',
  '/',
  '?',
  '&',
  ';',
  '#',
  '"',
  "'",
  ',',
  '}',
  ' ',
  '  ',
  '\t',
  '\n',
  '\u00a0',
  '\u2028',
  '\ufeff',
  '_',
  'deadbeef',
  'a',
  'g',
  'Z9',
  '0123456789abcdef',
  'f'.repeat(24),
  'ABCDEF0123456789abcdef01',
  'abcdefgh12',
  REDACTED,
  '-',
  '.',
  '~',
  '+',
  'é',
  '🎉',
]
const chars = (alphabet: string, minLength: number, maxLength: number) =>
  fc.array(fc.constantFrom(...alphabet), { minLength, maxLength }).map((c) => c.join(''))
const pick = (...options: string[]) => fc.constantFrom(...options)
const ws = chars(' \t\n\u00a0', 0, 2)
const HEX = '0123456789abcdefABCDEF'
const ALNUM = 'aZ09kx'
// Near-misses of every rule: lengths around the thresholds, each optional part present or not.
const shapes = [
  fc
    .tuple(
      pick(
        'x-api-key',
        'X-Integration-Key',
        'authorization',
        'api_key',
        'API-KEY',
        'apikey',
        'integration-key',
      ),
      pick('', '"', "'"),
      ws,
      pick(':', '=', ''),
      ws,
      pick('', '"', "'"),
      pick('', 'bearer ', 'Basic  ', 'bearer', 'basic\t'),
      chars(ALNUM + ',;}&"', 0, 6),
    )
    .map((p) => p.join('')),
  fc
    .tuple(
      pick(' ', '?', '&', ';', 'x'),
      pick('key', 'api-key', 'access_token', 'token', 'secret', 'password'),
      pick('=', ''),
      chars(ALNUM + '&"\'', 0, 5),
    )
    .map((p) => p.join('')),
  fc
    .tuple(
      pick('mysql', 'x', '1a', 'a+b'),
      pick('://', ':/', '//'),
      chars('ux#?:/@', 0, 4),
      pick(':', ''),
      chars('p#?&:/@ ', 0, 4),
      pick('@', ''),
    )
    .map((p) => p.join('')),
  fc.tuple(pick('bearer', 'Bearer', 'BEARERbearer'), ws, chars('a1_.~+/=-', 5, 10)).map((p) => p.join('')),
  fc
    .tuple(pick('ak_', 'xak_', '_ak_', 'ak'), chars(ALNUM, 0, 3), pick('_', ''), chars(ALNUM, 6, 10))
    .map((p) => p.join('')),
  fc.tuple(pick('', '_', 'g', '-'), chars(HEX, 20, 28), pick('', '_', 'g', '-', ' ')).map((p) => p.join('')),
  fc.constantFrom(...PIECES),
]
const text = fc.array(fc.oneof(...shapes), { maxLength: 6 }).map((p) => p.join(''))

describe('the redaction scanners', () => {
  it('agree with the regular expressions they replace, on any text', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(applyTextRules(t)).toBe(regexRedact(t))
      }),
      { numRuns: 4000 },
    )
  })

  it('agree on arbitrary unicode too', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (t) => {
        expect(applyTextRules(t)).toBe(regexRedact(t))
      }),
      { numRuns: 2000 },
    )
  })

  it('read whitespace exactly as \\s does, for every UTF-16 code unit', () => {
    const differ: number[] = []
    for (let c = 0; c <= 0xffff; c++) if (isSpace(c) !== /\s/.test(String.fromCharCode(c))) differ.push(c)
    expect(differ).toEqual([])
  })
})

describe('clipping before redaction', () => {
  it('leaves short texts alone', () => {
    expect(clipForRedaction('abc def', 7)).toEqual({ kept: 'abc def', clipped: 0 })
  })

  it('keeps a long run of plain text up to the limit', () => {
    expect(clipForRedaction('x'.repeat(20), 10)).toEqual({ kept: 'x'.repeat(10), clipped: 10 })
    expect(clipForRedaction('one two three four', 12)).toEqual({ kept: 'one two thre', clipped: 6 })
  })

  it('cuts back past the start of a credential the limit would cut short', () => {
    expect(clipForRedaction('session deadbeefdeadbeefdeadbeef', 20).kept).toBe('session ')
    expect(clipForRedaction(`key ak_main_5f2b9c81d7e04a6b93c1e8f0`, 16).kept).toBe('key ')
    expect(clipForRedaction('Authorization: Bearer abcdefghijkl', 25).kept).toBe('Authorization: Bearer ')
    expect(clipForRedaction('https://u:pa?ss&word@h/x', 18).kept).toBe('https://u:')
    // A hex run that already has 24 digits is hidden whole by the rule, so it is kept.
    expect(clipForRedaction(`id ${'f'.repeat(40)}`, 30).kept).toBe(`id ${'f'.repeat(27)}`)
  })

  it('never shows a character the whole text would hide (whitespace aside)', () => {
    fc.assert(
      fc.property(text, fc.nat(), (t, n) => {
        fc.pre(t.length > 1)
        const { kept } = clipForRedaction(t, 1 + (n % (t.length - 1)))
        const whole = regexRedactTracked(t)
        const part = regexRedactTracked(kept)
        const visibleInWhole = new Set(whole.origin)
        const revealed = part.origin.filter((i) => i >= 0 && !visibleInWhole.has(i) && !/\s/.test(t[i]!))
        expect(revealed.map((i) => t[i]).join('')).toBe('')
      }),
      { numRuns: 4000 },
    )
  })
})
