import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { PhpValue } from '../../../src/render/php-value.ts'
import { encodeXml } from '../../../src/render/xml.ts'
import { lazify, phpValue } from '../../support/render/arbitraries.ts'
import { streamedText } from '../../support/render/streamed.ts'

const DECL = '<?xml version="1.0" encoding="utf-8"?>\n'
const body = (inner: string) => `${DECL}${inner}\n`

const streamed = (value: PhpValue) => streamedText('xml', value)

/** Checks that tags nest properly and text holds no raw markup; returns the element names in order. */
function checkWellFormed(xml: string): string[] {
  expect(xml.startsWith(DECL) && xml.endsWith('\n')).toBe(true)
  const doc = xml.slice(DECL.length, -1)
  const stack: string[] = []
  const names: string[] = []
  let last = 0
  for (const m of doc.matchAll(/<(\/?)([A-Za-z_][\w-]*)((?: [\w-]+="[^"<]*")*)(\/?)>/g)) {
    const text = doc.slice(last, m.index)
    expect(text).not.toMatch(/[<>]|&(?!amp;|lt;|gt;|#13;)/)
    last = m.index + m[0].length
    const [, closing, name, , selfClosing] = m
    if (closing) expect(stack.pop()).toBe(name)
    else {
      names.push(name!)
      if (!selfClosing) stack.push(name!)
    }
  }
  expect(last).toBe(doc.length)
  expect(stack).toEqual([])
  return names
}

describe('Format::to_xml', () => {
  it('wraps the data in <xml> after the declaration line, with a trailing newline', () => {
    expect(encodeXml({ status: true })).toBe(body('<xml><status>1</status></xml>'))
  })

  it('names root list items `item`, because singular("xml") is "xml"', () => {
    expect(encodeXml([{ a: '1' }, { a: '2' }])).toBe(
      body('<xml><item><a>1</a></item><item><a>2</a></item></xml>'),
    )
  })

  it('names list items by the singular of their parent (sites → site, ad_units → ad_unit)', () => {
    const value = {
      sites: [{ site_id: '1', placements: [{ ad_units: [{ ad_unit_id: '9' }] }] }],
      delivery_groups: [{ x: '1' }],
    }
    expect(encodeXml(value)).toBe(
      body(
        '<xml><sites><site><site_id>1</site_id><placements><placement><ad_units><ad_unit><ad_unit_id>9</ad_unit_id></ad_unit></ad_units></placement></placements></site></sites><delivery_groups><delivery_group><x>1</x></delivery_group></delivery_groups></xml>',
      ),
    )
  })

  it('names items `item` under a parent singular() keeps (schema), and rows/values as row/value', () => {
    const value = { schema: [{ name: 'date' }], rows: [{ values: ['20240301', 3.5] }] }
    expect(encodeXml(value)).toBe(
      body(
        '<xml><schema><item><name>date</name></item></schema><rows><row><values><value>20240301</value><value>3.5</value></values></row></rows></xml>',
      ),
    )
  })

  it('names a nested list of lists `item` at every level under the root', () => {
    expect(encodeXml([['a']])).toBe(body('<xml><item><item>a</item></item></xml>'))
  })

  it('prints booleans as 0 and 1', () => {
    expect(encodeXml({ status: false, ok: true })).toBe(body('<xml><status>0</status><ok>1</ok></xml>'))
  })

  it('prints null, empty strings and empty arrays as empty elements', () => {
    expect(encodeXml({ website: null, url: '', sites: [], groups: {} })).toBe(
      body('<xml><website/><url/><sites/><groups/></xml>'),
    )
  })

  it('prints an empty root list (and null) as <xml/>', () => {
    expect(encodeXml([])).toBe(body('<xml/>'))
    expect(encodeXml(null)).toBe(body('<xml/>'))
  })

  it('casts a scalar root to a one-item array', () => {
    expect(encodeXml('x')).toBe(body('<xml><item>x</item></xml>'))
  })

  it('strips key characters outside [a-z0-9_-] and names numeric-looking keys like list items', () => {
    expect(encodeXml({ 'a b!c': '1', 'dé-f_2': '2', '1.5': '3', ' 7': '4' })).toBe(
      body('<xml><abc>1</abc><d-f_2>2</d-f_2><item>3</item><item>4</item></xml>'),
    )
  })

  it('refuses a key that sanitises to nothing (SimpleXML addChild("") throws)', () => {
    expect(() => encodeXml({ 'é!': '1' })).toThrow(TypeError)
  })

  it('keeps &amp; as &amp;, decodes other entities (&nbsp; → U+00A0) and escapes < and >', () => {
    expect(encodeXml({ n: 'Tom &amp; Jerry & Co', s: 'a&nbsp;b', t: '<Test> Campaign' })).toBe(
      body('<xml><n>Tom &amp; Jerry &amp; Co</n><s>a\u00a0b</s><t>&lt;Test&gt; Campaign</t></xml>'),
    )
  })

  it('keeps quotes, apostrophes, newlines, tabs and non-ASCII literal, and writes CR as &#13;', () => {
    expect(encodeXml({ v: `"Mega" it's\nTwo\tLines 서울 🎯\r` })).toBe(
      body(`<xml><v>"Mega" it's\nTwo\tLines 서울 🎯&#13;</v></xml>`),
    )
  })

  it('leaves &apos; encoded (not an HTML 4.01 entity) and decodes &#39;', () => {
    expect(encodeXml({ v: 'it&apos;s &#39;ok&#39;' })).toBe(body(`<xml><v>it&amp;apos;s 'ok'</v></xml>`))
  })

  it('prints floats with precision 14 and ints as digits', () => {
    expect(encodeXml({ a: 9007199254740.99, b: 1e15, c: 1e14, d: 10, e: 0.1, f: 9223372036854775807n })).toBe(
      body(
        '<xml><a>9007199254741</a><b>1.0E+15</b><c>1.0E+14</c><d>10</d><e>0.1</e><f>9223372036854775807</f></xml>',
      ),
    )
  })

  it('turns an _attributes array into attributes of its parent', () => {
    expect(encodeXml({ site: { _attributes: { id: 5n, note: 'a"b&c' }, name: 'x' } })).toBe(
      body('<xml><site id="5" note="a&quot;b&amp;c"><name>x</name></site></xml>'),
    )
  })

  it('is well-formed and keeps every element name for arbitrary data', () => {
    fc.assert(
      fc.property(phpValue, (v) => {
        checkWellFormed(encodeXml(v))
      }),
    )
  })

  it('round-trips text without entities through the content escaping', () => {
    const unescape = (s: string) =>
      s.replace(/&#13;/g, '\r').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }).filter((s) => !s.includes('&') && s !== ''),
        (s) => {
          const xml = encodeXml({ v: s })
          expect(unescape(xml.slice(`${DECL}<xml><v>`.length, -'</v></xml>\n'.length))).toBe(s)
        },
      ),
    )
  })

  it('streams lazy lists to exactly the buffered text', async () => {
    await fc.assert(fc.asyncProperty(phpValue, async (v) => (await streamed(lazify(v))) === encodeXml(v)))
  })

  it('streams an empty lazy list as an empty element, and an empty root as <xml/>', async () => {
    expect(await streamed({ schema: [], rows: lazify([]) })).toBe(body('<xml><schema/><rows/></xml>'))
    expect(await streamed(lazify([]))).toBe(body('<xml/>'))
  })
})
