// Credential comparison that takes the same time wherever the first differing
// byte is, so response timing leaks nothing about a stored key.

const encoder = new TextEncoder()

/** Byte-for-byte equality of two strings' UTF-8, in constant time for equal lengths. */
export function timingSafeEqualText(given: string, expected: string): boolean {
  const a = encoder.encode(given)
  const b = encoder.encode(expected)
  // timingSafeEqual needs equal lengths; compare b with itself so a length
  // mismatch costs the same time as a full comparison.
  if (a.byteLength !== b.byteLength) {
    crypto.subtle.timingSafeEqual(b, b)
    return false
  }
  return crypto.subtle.timingSafeEqual(a, b)
}
