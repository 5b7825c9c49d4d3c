// Where an offset falls in an XML document, as an element path
// (`/xml/item[4]/ctr`): a position index appears where siblings share a name.
import { pathAt, span, type Span } from './span.ts'

const TAG = /<(\?|!--|!\[CDATA\[|\/)?([^\s>/?]*)[^>]*?(\/)?>/g

interface Element extends Span {
  name: string
}

function indexSiblings(parent: Span): void {
  const elements = parent.children as Element[]
  const total = new Map<string, number>()
  for (const el of elements) total.set(el.name, (total.get(el.name) ?? 0) + 1)
  const seen = new Map<string, number>()
  for (const el of elements) {
    const n = (seen.get(el.name) ?? 0) + 1
    seen.set(el.name, n)
    el.segment = (total.get(el.name) ?? 0) > 1 ? `/${el.name}[${n}]` : `/${el.name}`
    indexSiblings(el)
  }
}

function buildSpans(text: string): Span {
  const root = span('', 0)
  root.end = Infinity
  const open: Span[] = [root]
  for (const match of text.matchAll(TAG)) {
    const [whole, kind, name = '', selfClosing] = match
    const at = match.index
    const parent = open[open.length - 1] ?? root
    if (kind === '?' || kind === '!--' || kind === '![CDATA[') continue
    if (kind === '/') {
      const closing = open.length > 1 ? open.pop() : undefined
      if (closing) closing.end = at + whole.length
      continue
    }
    const el: Element = { ...span(`/${name}`, at), name }
    parent.children.push(el)
    if (selfClosing) el.end = at + whole.length
    else open.push(el)
  }
  indexSiblings(root)
  return root
}

/** The element path of the innermost element containing `offset` (a character index). */
export function xmlPathAt(text: string, offset: number): string {
  return pathAt(buildSpans(text), offset) || '/'
}
