// Test support: parse a recorded PHP json_encode body back into the PHP value
// PHP held. JSON alone loses int vs float, so number tokens are mapped the way
// PHP produced them:
//   - a token with `.`, `e` or `E` was a float;
//   - an integer token is an int, except under the computed ratio keys and in
//     the data_connector=1 `values` lists, where PHP only ever put round()
//     results (floats) or the int 0 — and 0 and 0.0 print alike in JSON, XML and CSV.
import type { PhpAssoc, PhpValue } from '../../../src/render/php-value.ts'

const FLOAT_KEYS = new Set([
  'ctr',
  'engagement_rate',
  'avg_interaction_time',
  'completion_rate',
  'engagementRate',
  'completionRate',
])

export function parsePhpJson(text: string): PhpValue {
  let pos = 0

  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at offset ${pos}`)
  }
  const skipSpace = () => {
    while (pos < text.length && ' \t\n\r'.includes(text[pos]!)) pos++
  }
  const expect = (ch: string) => {
    if (text[pos] !== ch) fail(`expected ${ch}`)
    pos++
  }

  const parseString = (): string => {
    expect('"')
    let out = ''
    for (;;) {
      const ch = text[pos++]
      if (ch === undefined) fail('unterminated string')
      if (ch === '"') return out
      if (ch !== '\\') {
        out += ch
        continue
      }
      const esc = text[pos++]
      const simple: Record<string, string> = {
        '"': '"',
        '\\': '\\',
        '/': '/',
        b: '\b',
        f: '\f',
        n: '\n',
        r: '\r',
        t: '\t',
      }
      if (esc === 'u') {
        out += String.fromCharCode(parseInt(text.slice(pos, pos + 4), 16))
        pos += 4
      } else if (esc !== undefined && esc in simple) {
        out += simple[esc]
      } else {
        fail('bad escape')
      }
    }
  }

  const parseNumber = (floatContext: boolean): PhpValue => {
    const match = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(pos))
    if (!match) return fail('bad number')
    pos += match[0].length
    const token = match[0]
    if (/[.eE]/.test(token) || floatContext) return Number(token)
    return BigInt(token)
  }

  const parseValue = (floatContext: boolean, key: string | undefined): PhpValue => {
    skipSpace()
    const ch = text[pos]
    if (ch === '{') {
      pos++
      const obj: PhpAssoc = {}
      skipSpace()
      if (text[pos] === '}') {
        pos++
        return obj
      }
      for (;;) {
        skipSpace()
        const k = parseString()
        skipSpace()
        expect(':')
        obj[k] = parseValue(FLOAT_KEYS.has(k), k)
        skipSpace()
        if (text[pos] === ',') {
          pos++
          continue
        }
        expect('}')
        return obj
      }
    }
    if (ch === '[') {
      pos++
      const list: PhpValue[] = []
      skipSpace()
      if (text[pos] === ']') {
        pos++
        return list
      }
      for (;;) {
        list.push(parseValue(key === 'values', undefined))
        skipSpace()
        if (text[pos] === ',') {
          pos++
          continue
        }
        expect(']')
        return list
      }
    }
    if (ch === '"') return parseString()
    if (text.startsWith('true', pos)) return ((pos += 4), true)
    if (text.startsWith('false', pos)) return ((pos += 5), false)
    if (text.startsWith('null', pos)) return ((pos += 4), null)
    return parseNumber(floatContext)
  }

  const value = parseValue(false, undefined)
  skipSpace()
  if (pos !== text.length) fail('trailing data')
  return value
}
