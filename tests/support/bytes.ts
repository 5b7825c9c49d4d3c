// Test support (Node and workerd): comparing bodies as bytes.

/** The first differing byte and what surrounds it, or 'identical': a readable failure on long bodies. */
export function firstDifference(actual: Uint8Array, expected: Uint8Array): string {
  const length = Math.min(actual.length, expected.length)
  let at = 0
  while (at < length && actual[at] === expected[at]) at++
  if (at === length && actual.length === expected.length) return 'identical'
  const around = (bytes: Uint8Array) =>
    new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, at - 40), at + 40))
  return `differ at byte ${at} of ${expected.length}: expected …${around(expected)}… got …${around(actual)}…`
}

/** The chunks of a body joined (the Worker's own helper). */
export { concatBytes } from '../../src/platform/bytes.ts'

/** UTF-16LE without a BOM, every code unit as it is (lone surrogates included): the CSV bytes of a text. */
export function utf16le(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length * 2)
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    bytes[2 * i] = unit & 0xff
    bytes[2 * i + 1] = unit >> 8
  }
  return bytes
}
