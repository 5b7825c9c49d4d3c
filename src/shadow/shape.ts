// A response's shape, hashed: the structure a client parses, without its
// values — JSON keys in order and value types (a list by its first item),
// XML element names in order of first appearance, the CSV header line. Two
// bodies of the same shape hash the same whatever their data, so the hash on
// a parity.mismatch says whether the structure or only values differ.
import { bodyKind, decodeBody } from './body-text.ts'

function jsonSkeleton(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return value.length === 0 ? '[]' : `[${jsonSkeleton(value[0])}]`
  if (typeof value === 'object') {
    const members = Object.entries(value as Record<string, unknown>).map(
      ([k, v]) => `${JSON.stringify(k)}:${jsonSkeleton(v)}`,
    )
    return `{${members.join(',')}}`
  }
  return typeof value
}

export function shapeOf(body: Uint8Array, contentType: string): string {
  const kind = bodyKind(contentType)
  const text = decodeBody(body, contentType)
  if (kind === 'json') {
    try {
      return `json:${jsonSkeleton(JSON.parse(text))}`
    } catch {
      return 'json:unparseable'
    }
  }
  if (kind === 'xml') {
    const names = new Set<string>()
    for (const m of text.matchAll(/<([A-Za-z_][A-Za-z0-9_-]*)/g)) names.add(m[1]!)
    return `xml:${[...names].join('/')}`
  }
  if (kind === 'csv') return `csv:${text.split('\n', 1)[0]}`
  return `other:${contentType}`
}

/** The first 16 hex digits of the SHA-256 of the shape. */
export async function shapeHash(body: Uint8Array, contentType: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(shapeOf(body, contentType))),
  )
  return Array.from(digest.subarray(0, 8), (b) => b.toString(16).padStart(2, '0')).join('')
}
