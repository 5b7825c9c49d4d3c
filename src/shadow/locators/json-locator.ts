// Where an offset falls in a JSON document, as a JSONPath (`$[3].ctr`).
// A member's span starts at the comma before it, so an offset on a separator
// names the member that follows (the one that is missing or different).
import { pathAt, span, type Span } from './span.ts'

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

export function memberSegment(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`
}

class JsonSpans {
  private at = 0
  private readonly text: string

  constructor(text: string) {
    this.text = text
  }

  build(): Span {
    const root = span('$', 0)
    try {
      this.value(root)
      root.end = this.text.length
    } catch {
      // Malformed or truncated: the spans built so far still locate.
    }
    return root
  }

  private ws(): void {
    while (/\s/.test(this.text[this.at] ?? '')) this.at++
  }

  private expect(ch: string): void {
    if (this.text[this.at] !== ch) throw new Error(`expected ${ch} at ${this.at}`)
    this.at++
  }

  private value(parent: Span): void {
    this.ws()
    const ch = this.text[this.at]
    if (ch === '{' || ch === '[') this.members(parent, ch === '{')
    else if (ch === '"') this.string()
    else if (ch !== undefined && /[-0-9tfn]/.test(ch)) {
      while (/[-+.0-9eEtruefalsn]/.test(this.text[this.at] ?? '')) this.at++
    } else throw new Error(`unexpected ${String(ch)} at ${this.at}`)
  }

  private members(parent: Span, keyed: boolean): void {
    const close = keyed ? '}' : ']'
    this.at++
    for (let index = 0; ; index++) {
      this.ws()
      if (this.text[this.at] === close) {
        this.at++
        return
      }
      const start = this.at
      if (index > 0) {
        this.expect(',')
        this.ws()
      }
      let segment = `[${index}]`
      if (keyed) {
        const keyStart = this.at
        this.string()
        segment = memberSegment(JSON.parse(this.text.slice(keyStart, this.at)) as string)
        this.ws()
        this.expect(':')
      }
      const member = span(segment, start)
      parent.children.push(member)
      this.value(member)
      member.end = this.at
    }
  }

  private string(): void {
    this.expect('"')
    while (this.at < this.text.length && this.text[this.at] !== '"')
      this.at += this.text[this.at] === '\\' ? 2 : 1
    this.expect('"')
  }
}

/** The JSONPath of the innermost member containing `offset` (a character index). */
export function jsonPathAt(text: string, offset: number): string {
  return pathAt(new JsonSpans(text).build(), offset)
}
