// A document as nested spans (members, elements), each with the path segment
// it adds: the JSON and XML locators build one, and the innermost span that
// contains an offset names where two bodies start to differ.

export interface Span {
  segment: string
  start: number
  /** Infinity while unclosed: a truncated document still locates its tail. */
  end: number
  children: Span[]
}

export function span(segment: string, start: number): Span {
  return { segment, start, end: Infinity, children: [] }
}

/** The path from the root to the innermost span containing `offset`. */
export function pathAt(root: Span, offset: number): string {
  let path = root.segment
  let node: Span | undefined = root
  while (node) {
    node = node.children.find((child) => offset >= child.start && offset < child.end)
    if (node) path += node.segment
  }
  return path
}
