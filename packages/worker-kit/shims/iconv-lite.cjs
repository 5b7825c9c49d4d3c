// Stand-in for iconv-lite in the Workers' bundles (wrangler.toml [alias]).
// mysql2 decodes utf8/latin1/ascii natively and reaches iconv-lite only for
// other character sets; ours are utf8mb4 throughout, so the 480 KiB of
// code-page tables would be dead weight in every isolate. The one it does
// ask for is "cesu8", its name for MySQL's 3-byte utf8 (the server greeting's
// default character set): for text MySQL's utf8 can hold — no characters
// beyond the BMP — CESU-8 and UTF-8 are the same bytes, so UTF-8 serves.
// Anything else fails loudly instead of decoding wrong.
'use strict'

const SAME_AS_UTF8 = new Set(['cesu8', 'cesu-8'])

function checked(encoding) {
  if (!SAME_AS_UTF8.has(String(encoding).toLowerCase())) {
    throw new Error(`character set ${encoding} is not supported: connections are utf8mb4 only`)
  }
}

module.exports = {
  getDecoder(encoding) {
    checked(encoding)
    return { write: (buffer) => Buffer.from(buffer).toString('utf8'), end: () => '' }
  },
  getEncoder(encoding) {
    checked(encoding)
    return { write: (text) => Buffer.from(text, 'utf8'), end: () => undefined }
  },
  decode(buffer, encoding) {
    checked(encoding)
    return Buffer.from(buffer).toString('utf8')
  },
  encode(text, encoding) {
    checked(encoding)
    return Buffer.from(text, 'utf8')
  },
  encodingExists: (encoding) => SAME_AS_UTF8.has(String(encoding).toLowerCase()),
}
