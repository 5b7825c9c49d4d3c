// The first byte where two bodies differ (-1 when identical).

export function firstDifferingByte(expected: Uint8Array, actual: Uint8Array): number {
  const shorter = Math.min(expected.length, actual.length)
  for (let i = 0; i < shorter; i++) if (expected[i] !== actual[i]) return i
  return expected.length === actual.length ? -1 : shorter
}
