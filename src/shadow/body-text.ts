// How a body is read as text: the legacy CSV output is UTF-16LE (CodeIgniter
// converted it for Excel), everything else UTF-8.

export type BodyKind = 'json' | 'xml' | 'csv' | 'other'

export function bodyKind(contentType: string): BodyKind {
  const media = contentType.split(';')[0]?.trim().toLowerCase() ?? ''
  if (media.endsWith('/csv')) return 'csv'
  if (media.endsWith('/xml') || media.endsWith('+xml')) return 'xml'
  if (media.endsWith('/json') || media.endsWith('+json')) return 'json'
  return 'other'
}

const utf8 = new TextDecoder('utf-8')
const utf16le = new TextDecoder('utf-16le')

export function decodeBody(body: Uint8Array, contentType: string): string {
  return (bodyKind(contentType) === 'csv' ? utf16le : utf8).decode(body)
}
