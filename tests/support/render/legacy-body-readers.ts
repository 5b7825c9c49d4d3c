// Test support: read a recorded XML or CSV body back into a PHP value of
// strings, for the recordings that have no JSON sibling. In XML and CSV a
// string prints exactly like the int or float with the same text, and an
// empty string exactly like null or [], so re-rendering what is read must give
// the recorded bytes back.
import { singular } from '../../../src/php/singular.ts'
import type { PhpAssoc, PhpValue } from '../../../src/render/php-value.ts'

const unescapeContent = (s: string) =>
  s.replace(/&#13;/g, '\r').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')

interface XmlNode {
  name: string
  children: XmlNode[]
  text: string
}

function listItemName(parent: string): string {
  const single = singular(parent)
  return single !== parent ? single : 'item'
}

function toValue(node: XmlNode): PhpValue {
  if (node.children.length === 0) return node.text
  const itemName = listItemName(node.name)
  if (node.children.every((c) => c.name === itemName)) return node.children.map(toValue)
  const assoc: PhpAssoc = {}
  for (const child of node.children) assoc[child.name] = toValue(child)
  return assoc
}

/** The value a Format::to_xml body was rendered from, up to the int/float/string distinction. */
export function readXmlBody(xml: string): PhpValue {
  const root: XmlNode = { name: '#document', children: [], text: '' }
  const stack = [root]
  let last = 0
  for (const m of xml.matchAll(/<(\/?)([\w-]+)(\/?)>|<\?xml[^>]*\?>/g)) {
    stack.at(-1)!.text += unescapeContent(xml.slice(last, m.index))
    last = m.index + m[0].length
    if (m[2] === undefined) continue
    if (m[1]) {
      stack.pop()
      continue
    }
    const node: XmlNode = { name: m[2], children: [], text: '' }
    stack.at(-1)!.children.push(node)
    if (!m[3]) stack.push(node)
  }
  const xmlRoot = root.children[0]!
  return xmlRoot.children.length === 0 ? [] : toValue(xmlRoot)
}

/** Lines of fields as PHP 8.2 fgetcsv reads fputcsv output (a `\` keeps the next `"` literal). */
export function readCsvLines(text: string): string[][] {
  const lines: string[][] = []
  let fields: string[] = []
  let field = ''
  let i = 0
  while (i < text.length) {
    const ch = text[i]!
    if (ch === '"') {
      i++
      for (;;) {
        const c = text[i]!
        if (c === '\\' && text[i + 1] === '"') {
          field += '\\"'
          i += 2
        } else if (c === '"' && text[i + 1] === '"') {
          field += '"'
          i += 2
        } else if (c === '"') {
          break
        } else {
          field += c
          i++
        }
      }
      i++
    } else if (ch === ',') {
      fields.push(field)
      field = ''
      i++
    } else if (ch === '\n') {
      fields.push(field)
      lines.push(fields)
      fields = []
      field = ''
      i++
    } else {
      field += ch
      i++
    }
  }
  return lines
}

/** The rows a Format::to_csv table body was rendered from (header keys, string values). */
export function readCsvTable(text: string): PhpValue {
  const [header, ...rows] = readCsvLines(text)
  if (header!.length === 1 && header![0] === '') return []
  return rows.map((values) => Object.fromEntries(header!.map((key, i) => [key, values[i] ?? ''])))
}
