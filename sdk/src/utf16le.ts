// The API's CSV is UTF-16LE without a byte-order mark. Decoded by hand rather than with
// TextDecoder('utf-16le') so it behaves the same in every runtime the SDK supports, and so a
// stream can be decoded chunk by chunk: a code unit whose two bytes arrive in different chunks
// waits for its second byte, and the two halves of a surrogate pair simply meet in the text.

/** Code units converted per String.fromCharCode call (keeps the argument list small). */
const BATCH = 8192

export interface Utf16leDecoder {
  /** The text of `bytes`, holding back a trailing odd byte until the next chunk. */
  decode(bytes: Uint8Array): string
  /** The end of the input: a lone trailing byte becomes U+FFFD. */
  end(): string
}

export function createUtf16leDecoder(): Utf16leDecoder {
  let carry: number | null = null
  let first = true
  return {
    decode(bytes) {
      let start = 0
      const units: number[] = []
      if (carry !== null && bytes.length > 0) {
        units.push(carry | (bytes[0]! << 8))
        carry = null
        start = 1
      }
      for (let i = start; i + 1 < bytes.length; i += 2) units.push(bytes[i]! | (bytes[i + 1]! << 8))
      if ((bytes.length - start) % 2 === 1) carry = bytes[bytes.length - 1]!
      // A byte-order mark is not part of the text (the API sends none; a saved copy may have one).
      if (first && units.length > 0) {
        first = false
        if (units[0] === 0xfeff) units.shift()
      }
      let text = ''
      for (let i = 0; i < units.length; i += BATCH) text += String.fromCharCode(...units.slice(i, i + BATCH))
      return text
    },
    end() {
      const lone = carry !== null
      carry = null
      return lone ? '\ufffd' : ''
    },
  }
}

/** A whole UTF-16LE body as text. */
export function decodeUtf16le(bytes: Uint8Array): string {
  const decoder = createUtf16leDecoder()
  return decoder.decode(bytes) + decoder.end()
}
