// CodeIgniter REST Server 3.0 Format::to_xml, byte for byte, as libxml2
// serialises the SimpleXML tree it builds (asXML):
//   - declaration line, then the root <xml>, then a newline;
//   - list items (numeric keys) are named singular(parent) — or `item` when
//     singular() leaves the parent name unchanged (the root `xml`, `schema`);
//   - names keep only [a-zA-Z0-9_-]; booleans become 0/1;
//   - a scalar goes through htmlspecialchars(html_entity_decode(v)) and
//     SimpleXML decodes that again, so the text is html_entity_decode(v),
//     written with libxml's content escaping (& < > and CR only);
//   - empty text and empty arrays are self-closing elements;
//   - an `_attributes` array becomes attributes of its parent element.
import { htmlEntityDecode } from '../php/html-entities.ts'
import { parseNumericString } from '../php/numeric.ts'
import { singular } from '../php/singular.ts'
import { phpStrval } from '../php/strval.ts'
import { containsLazy, peek, remaining } from './lazy.ts'
import { isLazyList, type PhpAssoc, type PhpValue } from './php-value.ts'

export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
const ROOT = 'xml'

const CONTENT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' }
const ATTRIBUTE_ESCAPES: Record<string, string> = {
  ...CONTENT_ESCAPES,
  '"': '&quot;',
  '\n': '&#10;',
  '\t': '&#9;',
}

const escapeContent = (s: string) => s.replace(/[&<>\r]/g, (c) => CONTENT_ESCAPES[c]!)
const escapeAttribute = (s: string) => s.replace(/[&<>"\r\n\t]/g, (c) => ATTRIBUTE_ESCAPES[c]!)

/** The element name for a child: list items after their parent, other keys sanitised. */
function childName(key: string, isListIndex: boolean, parent: string): string {
  let name = key
  if (isListIndex || parseNumericString(key) !== undefined) {
    const single = singular(parent)
    name = single !== parent ? single : 'item'
  }
  name = name.replace(/[^a-z_\-0-9]/gi, '')
  // SimpleXMLElement::addChild('') throws a ValueError in PHP 8.
  if (name === '') throw new TypeError(`to_xml: key ${JSON.stringify(key)} leaves an empty element name`)
  return name
}

type Entry = readonly [name: string, value: PhpValue]

/** The children of an array as [element name, value], `_attributes` left out. */
function childEntries(value: PhpValue[] | PhpAssoc, parent: string): Entry[] {
  if (Array.isArray(value)) return value.map((item, i) => [childName(String(i), true, parent), item])
  return Object.entries(value)
    .filter(([key, item]) => !isAttributes(key, item))
    .map(([key, item]) => [childName(key, false, parent), item])
}

function isAttributes(key: string, value: PhpValue): boolean {
  return key.replace(/[^a-z_\-0-9]/gi, '') === '_attributes' && value !== null && typeof value === 'object'
}

/** ` name="value"` for each `_attributes` member; a repeated name keeps the first (SimpleXML warns). */
function attributesOf(value: PhpValue[] | PhpAssoc): string {
  if (Array.isArray(value)) return ''
  const seen = new Map<string, string>()
  for (const [key, item] of Object.entries(value)) {
    if (!isAttributes(key, item) || isLazyList(item)) continue
    for (const [name, attr] of Object.entries(item as PhpAssoc | PhpValue[])) {
      if (!seen.has(name)) seen.set(name, phpStrval(attr))
    }
  }
  return [...seen].map(([name, attr]) => ` ${name}="${escapeAttribute(attr)}"`).join('')
}

/** The text of a scalar element: booleans as 0/1, then html_entity_decode. */
function scalarText(value: PhpValue): string {
  const scalar = typeof value === 'boolean' ? (value ? '1' : '0') : phpStrval(value)
  return escapeContent(htmlEntityDecode(scalar))
}

const wrap = (name: string, attributes: string, inner: string) =>
  inner === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${inner}</${name}>`

/** One element for a value without lazy lists. */
function element(name: string, value: PhpValue): string {
  if (value === null || typeof value !== 'object') return wrap(name, '', scalarText(value))
  if (isLazyList(value)) throw new TypeError('element() cannot render a lazy list; use xmlChunks')
  const inner = childEntries(value, name)
    .map(([childTag, child]) => element(childTag, child))
    .join('')
  return wrap(name, attributesOf(value), inner)
}

/** One element as text pieces, reading lazy lists as it goes. */
async function* elementChunks(name: string, value: PhpValue): AsyncGenerator<string> {
  if (!containsLazy(value)) {
    yield element(name, value)
    return
  }
  if (isLazyList(value)) {
    const { first, empty, rest } = await peek(value)
    if (empty) {
      yield `<${name}/>`
      return
    }
    const itemName = childName('0', true, name)
    yield `<${name}>`
    yield* elementChunks(itemName, first!)
    for await (const item of remaining(rest)) yield* elementChunks(itemName, item)
    yield `</${name}>`
    return
  }
  const container = value as PhpValue[] | PhpAssoc
  // A lazy child always produces an element, so this element is never empty.
  yield `<${name}${attributesOf(container)}>`
  for (const [childTag, child] of childEntries(container, name)) yield* elementChunks(childTag, child)
  yield `</${name}>`
}

/** Format::to_xml casts a non-array to an array: a scalar becomes [scalar], null becomes []. */
function asRootArray(value: PhpValue): PhpValue {
  if (value === null) return []
  return typeof value === 'object' ? value : [value]
}

/** Format::to_xml($data) as text pieces. */
export async function* xmlChunks(value: PhpValue): AsyncGenerator<string> {
  yield XML_DECLARATION
  yield* elementChunks(ROOT, asRootArray(value))
  yield '\n'
}

/** Format::to_xml($data) for a value without lazy lists. */
export function encodeXml(value: PhpValue): string {
  return `${XML_DECLARATION}${element(ROOT, asRootArray(value))}\n`
}
