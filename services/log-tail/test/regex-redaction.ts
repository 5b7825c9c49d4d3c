// The regular expressions src/redact.ts used before its rules became linear
// scanners: the oracle the scanners are compared with. They backtrack
// quadratically, so tests only give them short inputs.
import { REDACTED } from '../src/redact.ts'

/** [pattern, does group 1 hold the kept prefix, text appended after REDACTED] */
const RULES: [RegExp, boolean, string][] = [
  [
    /((?:x-api-key|x-integration-key|authorization|api[_-]?key|integration[_-]?key)["']?\s*[:=]\s*["']?)(?:bearer\s+|basic\s+)?[^\s"'&,;}]+/gi,
    true,
    '',
  ],
  [
    /([?&;\s](?:api[_-]?key|integration[_-]?key|key|token|access[_-]?token|secret|password)=)[^&\s"']*/gi,
    true,
    '',
  ],
  [/([a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]+:)[^@/\s]+@/gi, true, '@'],
  [/(bearer\s+)[\w.~+/=-]{8,}/gi, true, ''],
  [/\bak_[A-Za-z0-9]+_[A-Za-z0-9]{8,}/g, false, ''],
  [/\b[0-9a-f]{24,}\b|(?<=_)[0-9a-f]{24,}\b/gi, false, ''],
]

export interface Tracked {
  text: string
  /** For each output character, its index in the input, or -1 for replacement text. */
  origin: number[]
}

/** The old redactText, also saying which input characters survive. */
export function regexRedactTracked(input: string): Tracked {
  let text = input
  // One entry per UTF-16 code unit, as the rules index the text.
  let origin = Array.from({ length: input.length }, (_, i) => i)
  for (const [pattern, keepsPrefix, tail] of RULES) {
    let out = ''
    const outOrigin: number[] = []
    let copied = 0
    for (const m of text.matchAll(pattern)) {
      const start = m.index
      const prefix = keepsPrefix ? (m[1] ?? '') : ''
      out += text.slice(copied, start) + prefix + REDACTED + tail
      outOrigin.push(...origin.slice(copied, start + prefix.length))
      outOrigin.push(...new Array<number>(REDACTED.length + tail.length).fill(-1))
      copied = start + m[0].length
    }
    text = out + text.slice(copied)
    origin = [...outOrigin, ...origin.slice(copied)]
  }
  return { text, origin }
}

export function regexRedact(input: string): string {
  return regexRedactTracked(input).text
}
