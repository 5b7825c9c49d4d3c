import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { asciiEntities, utf8Into } from '../../../src/render/utf8.ts'

function encoded(text: string, entities?: ReturnType<typeof asciiEntities>): Uint8Array {
  const buf = new Uint8Array(6 * text.length)
  return buf.subarray(0, utf8Into(buf, 0, text, entities))
}

// Any UTF-16 text, lone surrogates included (what a database string can hold after a bad import).
const utf16Text = fc
  .array(fc.integer({ min: 0, max: 0xffff }), { maxLength: 40 })
  .map((units) => String.fromCharCode(...units))

describe('utf8Into', () => {
  it('writes the bytes TextEncoder writes, for any UTF-16 text', () => {
    fc.assert(
      fc.property(fc.oneof(utf16Text, fc.string({ unit: 'grapheme' })), (text) => {
        expect(encoded(text)).toEqual(new TextEncoder().encode(text))
      }),
    )
  })

  it('writes a surrogate pair as one four-byte sequence and a lone surrogate as U+FFFD', () => {
    expect([...encoded('🎯')]).toEqual([0xf0, 0x9f, 0x8e, 0xaf])
    expect([...encoded('a\ud83cb')]).toEqual([0x61, 0xef, 0xbf, 0xbd, 0x62])
  })

  it('writes an entity in place of each ASCII character that has one, and only those', () => {
    const xml = asciiEntities({ '&': '&amp;', '<': '&lt;' })
    expect(new TextDecoder().decode(encoded('a&b<c>é', xml))).toBe('a&amp;b&lt;c>é')
  })

  it('returns the position after the last byte, starting where it is told', () => {
    const buf = new Uint8Array(16).fill(0xaa)
    expect(utf8Into(buf, 3, 'hé')).toBe(6)
    expect([...buf.subarray(2, 7)]).toEqual([0xaa, 0x68, 0xc3, 0xa9, 0xaa])
  })
})
