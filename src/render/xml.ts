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
import type { BodySink } from './sink.ts'
import { asciiBytes, asciiEntities, copyInto, utf8Into } from './utf8.ts'
import {
  containsLazy,
  isLazy,
  type PhpAssoc,
  type PhpLazy,
  type PhpScalar,
  type PhpValue,
} from './php-value.ts'

export const XML_DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'
const ROOT = 'xml'

const CONTENT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' }
const ATTRIBUTE_ESCAPES: Record<string, string> = {
  ...CONTENT_ESCAPES,
  '"': '&quot;',
  '\n': '&#10;',
  '\t': '&#9;',
}

const CONTENT_SPECIAL = /[&<>\r]/
const escapeContent = (s: string) =>
  CONTENT_SPECIAL.test(s) ? s.replace(/[&<>\r]/g, (c) => CONTENT_ESCAPES[c]!) : s
const escapeAttribute = (s: string) => s.replace(/[&<>"\r\n\t]/g, (c) => ATTRIBUTE_ESCAPES[c]!)

const sanitize = (name: string) => name.replace(/[^a-z_\-0-9]/gi, '')

/** The element name for a child: list items after their parent, other keys sanitised. */
function childName(key: string, isListIndex: boolean, parent: string): string {
  let name = key
  if (isListIndex || parseNumericString(key) !== undefined) {
    const single = singular(parent)
    name = single !== parent ? single : 'item'
  }
  name = sanitize(name)
  // SimpleXMLElement::addChild('') throws a ValueError in PHP 8.
  if (name === '') throw new TypeError(`to_xml: key ${JSON.stringify(key)} leaves an empty element name`)
  return name
}

/** The name of the items of a list element (what singular() makes of it). */
const itemName = (parent: string) => childName('0', true, parent)

type Entry = readonly [name: string, value: PhpValue]

function isAttributes(key: string, value: PhpValue): boolean {
  return sanitize(key) === '_attributes' && value !== null && typeof value === 'object'
}

/** The children of an array as [element name, value], `_attributes` left out. */
function childEntries(value: PhpValue[] | PhpAssoc, parent: string): Entry[] {
  if (Array.isArray(value)) {
    const name = value.length > 0 ? itemName(parent) : ''
    return value.map((item) => [name, item])
  }
  const entries: Entry[] = []
  for (const key in value) {
    const item = value[key]!
    if (!isAttributes(key, item)) entries.push([childName(key, false, parent), item])
  }
  return entries
}

/** ` name="value"` for each `_attributes` member; a repeated name keeps the first (SimpleXML warns). */
function attributesOf(value: PhpValue[] | PhpAssoc): string {
  if (Array.isArray(value)) return ''
  let seen: Map<string, string> | null = null
  for (const key in value) {
    const item = value[key]!
    if (!isAttributes(key, item) || isLazy(item)) continue
    seen ??= new Map()
    const members = item as PhpAssoc | PhpValue[]
    for (const name in members) {
      if (!seen.has(name)) seen.set(name, phpStrval((members as PhpAssoc)[name]!))
    }
  }
  if (!seen) return ''
  let out = ''
  for (const [name, attr] of seen) out += ` ${name}="${escapeAttribute(attr)}"`
  return out
}

/** A scalar's element text before libxml's escaping: booleans as 0/1, strings through html_entity_decode. */
function plainText(value: PhpScalar): string {
  // Without a `&` there is no entity to decode.
  if (typeof value === 'string') return value.includes('&') ? htmlEntityDecode(value) : value
  if (typeof value === 'boolean') return value ? '1' : '0'
  return phpStrval(value)
}

/** The text of a scalar element as libxml writes it. */
const scalarText = (value: PhpScalar) => escapeContent(plainText(value))

const wrap = (name: string, attributes: string, inner: string) =>
  inner === '' ? `<${name}${attributes}/>` : `<${name}${attributes}>${inner}</${name}>`

/** One element for a value without lazy lists. */
function element(name: string, value: PhpValue): string {
  if (value === null || typeof value !== 'object') return wrap(name, '', scalarText(value))
  if (isLazy(value)) throw new TypeError('element() cannot render a lazy list; use renderXml')
  let inner = ''
  for (const [childTag, child] of childEntries(value, name)) inner += element(childTag, child)
  return wrap(name, attributesOf(value), inner)
}

/** A table row's constant pieces as bytes: the item's tags, and per column its open, close and empty tags. */
interface RowTags {
  itemOpen: Uint8Array
  itemClose: Uint8Array
  open: Uint8Array[]
  close: Uint8Array[]
  empty: Uint8Array[]
  /** All of them, for reserving room once per row. */
  bytes: number
}

function rowTags(columns: readonly string[], item: string): RowTags {
  const names = columns.map((column) => {
    const name = childName(column, false, item)
    if (name === '_attributes') throw new TypeError('a lazy table cannot carry _attributes')
    return name
  })
  const tags: RowTags = {
    itemOpen: asciiBytes(`<${item}>`),
    itemClose: asciiBytes(`</${item}>`),
    open: names.map((name) => asciiBytes(`<${name}>`)),
    close: names.map((name) => asciiBytes(`</${name}>`)),
    empty: names.map((name) => asciiBytes(`<${name}/>`)),
    bytes: 0,
  }
  tags.bytes = [tags.itemOpen, tags.itemClose, ...tags.open, ...tags.close].reduce((n, t) => n + t.length, 0)
  return tags
}

/** CONTENT_ESCAPES as a byte-loop table; the room for an escaped text is 6 bytes per UTF-16 unit. */
const ENTITIES = asciiEntities(CONTENT_ESCAPES)

/** One table row as its item element: room reserved once, tags and escaped texts copied in one pass. */
function writeRow(out: BodySink, tags: RowTags, row: readonly PhpScalar[]): void {
  const texts = row.map(plainText)
  let need = tags.bytes
  for (const text of texts) need += 6 * text.length
  const buf = out.reserve(need)
  let at = copyInto(buf, out.position, tags.itemOpen)
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!
    if (text === '') {
      at = copyInto(buf, at, tags.empty[i]!)
      continue
    }
    at = copyInto(buf, at, tags.open[i]!)
    at = utf8Into(buf, at, text, ENTITIES)
    at = copyInto(buf, at, tags.close[i]!)
  }
  out.advance(copyInto(buf, at, tags.itemClose))
}

async function renderLazy(name: string, list: PhpLazy, out: BodySink): Promise<void> {
  const item = itemName(name)
  const tags = list.lazy === 'table' && list.columns.length > 0 ? rowTags(list.columns, item) : null
  let first = true
  for (let batch = await list.next(); batch !== null; batch = await list.next()) {
    for (const entry of batch) {
      if (first) out.ascii(`<${name}>`)
      first = false
      if (list.lazy === 'list') {
        // Items are rendered whole: only lists are lazy, never what they hold.
        out.utf8(element(item, entry as PhpValue))
      } else if (tags === null) {
        out.ascii(`<${item}/>`)
      } else {
        writeRow(out, tags, entry as readonly PhpScalar[])
      }
    }
    await out.boundary()
  }
  out.ascii(first ? `<${name}/>` : `</${name}>`)
}

/** One element into the body, reading lazy lists as it goes. */
async function renderElement(name: string, value: PhpValue, out: BodySink): Promise<void> {
  if (!containsLazy(value)) {
    out.utf8(element(name, value))
    return
  }
  if (isLazy(value)) return renderLazy(name, value, out)
  const container = value as PhpValue[] | PhpAssoc
  // A lazy child always produces an element, so this element is never empty.
  out.utf8(`<${name}${attributesOf(container)}>`)
  for (const [childTag, child] of childEntries(container, name)) await renderElement(childTag, child, out)
  out.ascii(`</${name}>`)
}

/** Format::to_xml casts a non-array to an array: a scalar becomes [scalar], null becomes []. */
function asRootArray(value: PhpValue): PhpValue {
  if (value === null) return []
  return typeof value === 'object' ? value : [value]
}

/** Format::to_xml($data) into the body (UTF-8). */
export async function renderXml(value: PhpValue, out: BodySink): Promise<void> {
  out.ascii(XML_DECLARATION)
  await renderElement(ROOT, asRootArray(value), out)
  out.byte(0x0a)
}

/** Format::to_xml($data) for a value without lazy lists. */
export function encodeXml(value: PhpValue): string {
  return `${XML_DECLARATION}${element(ROOT, asRootArray(value))}\n`
}
