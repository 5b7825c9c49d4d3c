import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { encodeJson } from '../../../src/render/json.ts'
import { lazyList, type PhpValue } from '../../../src/render/php-value.ts'
import { lazify, phpValue } from '../../support/render/arbitraries.ts'
import { streamedText } from '../../support/render/streamed.ts'

const streamed = (value: PhpValue) => streamedText('json', value)

describe('json_encode', () => {
  it('escapes / as \\/ (no JSON_UNESCAPED_SLASHES)', () => {
    expect(encodeJson('https://a.example/b')).toBe('"https:\\/\\/a.example\\/b"')
  })

  it('escapes non-ASCII as lowercase \\uXXXX, with surrogate pairs above U+FFFF', () => {
    expect(encodeJson('Ünï 🎯 서울')).toBe('"\\u00dcn\\u00ef \\ud83c\\udfaf \\uc11c\\uc6b8"')
  })

  it('uses PHP escapes for quotes, backslashes and control characters', () => {
    expect(encodeJson('a"b\\c')).toBe('"a\\"b\\\\c"')
    expect(encodeJson('\b\f\n\r\t')).toBe('"\\b\\f\\n\\r\\t"')
    expect(encodeJson('\u0000\u0001\u001f')).toBe('"\\u0000\\u0001\\u001f"')
  })

  it('leaves DEL, <, >, & and apostrophes alone (no JSON_HEX_* flags)', () => {
    expect(encodeJson("\u007f<>&'")).toBe('"\u007f<>&\'"')
  })

  it('prints ints as digits, beyond 2^53 exactly', () => {
    expect(encodeJson(9223372036854775807n)).toBe('9223372036854775807')
    expect(encodeJson(-5n)).toBe('-5')
  })

  it('prints floats without a .0 and with PHP exponents', () => {
    expect(encodeJson([10, 0, 0.5, 1e17, 0.00001, 1e15])).toBe('[10,0,0.5,1.0e+17,1.0e-5,1000000000000000]')
  })

  it('refuses INF and NAN (JSON_ERROR_INF_OR_NAN)', () => {
    expect(() => encodeJson(Infinity)).toThrow(RangeError)
    expect(() => encodeJson(NaN)).toThrow(RangeError)
  })

  it('prints strings from MySQL as strings', () => {
    expect(encodeJson({ impressions: '1234' })).toBe('{"impressions":"1234"}')
  })

  it('prints an empty PHP array as [] whether list or assoc', () => {
    expect(encodeJson([])).toBe('[]')
    expect(encodeJson({})).toBe('[]')
    expect(encodeJson({ sites: [], delivery_groups: {} })).toBe('{"sites":[],"delivery_groups":[]}')
  })

  it('keeps assoc key order and escapes keys like values', () => {
    expect(encodeJson({ b: 1n, a: true, 'k/é': null, z: false })).toBe(
      '{"b":1,"a":true,"k\\/\\u00e9":null,"z":false}',
    )
  })

  it('refuses a lazy list in the buffered encoder', () => {
    expect(() => encodeJson(lazyList(async () => null))).toThrow(TypeError)
  })

  it('prints a negative zero float as -0, as PHP 8.2 does (and JSON.parse reads it back as -0)', () => {
    expect(encodeJson(-0)).toBe('-0')
    expect(encodeJson([-0, 0])).toBe('[-0,0]')
  })

  it('parses back to the same data with JSON.parse', () => {
    const plain = (v: PhpValue): unknown => {
      if (typeof v === 'bigint') return Number(v)
      if (Array.isArray(v)) return v.map(plain)
      if (v !== null && typeof v === 'object') {
        const entries = Object.entries(v)
        return entries.length === 0
          ? []
          : Object.fromEntries(entries.map(([k, x]) => [k, plain(x as PhpValue)]))
      }
      return v
    }
    fc.assert(
      fc.property(phpValue, (v) => {
        expect(JSON.parse(encodeJson(v))).toEqual(plain(v))
      }),
    )
  })

  it('streams lazy lists to exactly the buffered text', async () => {
    await fc.assert(fc.asyncProperty(phpValue, async (v) => (await streamed(lazify(v))) === encodeJson(v)))
  })

  it('streams an empty lazy list as []', async () => {
    expect(await streamed({ schema: [], rows: lazify([]) })).toBe('{"schema":[],"rows":[]}')
  })
})
