import { describe, expect, it } from 'vitest'
import { HTML401_ENTITIES, htmlEntityDecode } from '../../../src/php/html-entities.ts'

describe('html_entity_decode(ENT_QUOTES, UTF-8) with HTML 4.01 entities', () => {
  it('knows exactly the 252 HTML 4.01 named entities', () => {
    expect(HTML401_ENTITIES.size).toBe(252)
    expect(HTML401_ENTITIES.get('nbsp')).toBe(0xa0)
    expect(HTML401_ENTITIES.get('yuml')).toBe(0xff)
    expect(HTML401_ENTITIES.get('Omega')).toBe(0x3a9)
    expect(HTML401_ENTITIES.get('euro')).toBe(0x20ac)
    // HTML 4.01 maps lang/rang to U+2329/U+232A (HTML5 uses U+27E8/U+27E9).
    expect(HTML401_ENTITIES.get('lang')).toBe(0x2329)
  })

  it('decodes named entities, quotes included (ENT_QUOTES)', () => {
    expect(htmlEntityDecode('Tom &amp; Jerry')).toBe('Tom & Jerry')
    expect(htmlEntityDecode('a&nbsp;b')).toBe('a\u00a0b')
    expect(htmlEntityDecode('&quot;x&quot; &#39;y&#039;')).toBe(`"x" 'y'`)
    expect(htmlEntityDecode('&lt;b&gt;')).toBe('<b>')
  })

  it('does not decode &apos;, which HTML 4.01 lacks', () => {
    expect(htmlEntityDecode('it&apos;s')).toBe('it&apos;s')
  })

  it('needs the semicolon and the exact case of the name', () => {
    expect(htmlEntityDecode('AT&T &amp &AMP; &Amp;')).toBe('AT&T &amp &AMP; &Amp;')
  })

  it('decodes numeric entities of allowed code points only', () => {
    expect(htmlEntityDecode('&#65;&#x42;&#X43;&#0000068;')).toBe('ABCD')
    expect(htmlEntityDecode('&#x1F3AF;')).toBe('🎯')
    expect(htmlEntityDecode('&#0;&#1;&#127;&#128;&#xFFFE;&#xFDD0;&#x110000;')).toBe(
      '&#0;&#1;&#127;&#128;&#xFFFE;&#xFDD0;&#x110000;',
    )
    expect(htmlEntityDecode('&#13;&#10;&#9;')).toBe('\r\n\t')
  })

  it('decodes once, left to right', () => {
    expect(htmlEntityDecode('&amp;lt;')).toBe('&lt;')
    expect(htmlEntityDecode('&&amp;;')).toBe('&&;')
  })
})
