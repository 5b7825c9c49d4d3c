// Reads what an NRQL query depends on — its event types, the attributes it names and the string
// values it compares them with — so tests can check each against the code that emits them. Not a
// full NRQL parser: enough of the grammar our alert conditions and dashboard use (SELECT … FROM …
// WHERE … FACET … TIMESERIES, aggregate functions, IN lists, IS [NOT] NULL/TRUE/FALSE, backticked
// names, AS 'alias').

export interface NrqlFacts {
  eventTypes: string[]
  attributes: string[]
  /** attribute → string values it is compared with (=, !=, IN, LIKE). */
  values: Record<string, string[]>
}

const KEYWORDS = new Set(
  [
    'select',
    'from',
    'where',
    'and',
    'or',
    'not',
    'in',
    'is',
    'null',
    'true',
    'false',
    'as',
    'facet',
    'timeseries',
    'since',
    'until',
    'ago',
    'limit',
    'like',
    'compare',
    'with',
    'minute',
    'minutes',
    'hour',
    'hours',
    'day',
    'days',
    'auto',
  ].map((k) => k.toLowerCase()),
)

type Token =
  | { kind: 'name'; text: string; quoted: boolean }
  | { kind: 'string'; text: string }
  | { kind: 'number'; text: string }
  | { kind: 'punct'; text: string }

export function tokenize(nrql: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < nrql.length) {
    const c = nrql[i]!
    if (/\s/.test(c)) {
      i++
    } else if (c === "'" || c === '`') {
      const end = nrql.indexOf(c, i + 1)
      if (end < 0) throw new Error(`unterminated ${c} in NRQL: ${nrql}`)
      const text = nrql.slice(i + 1, end)
      tokens.push(c === "'" ? { kind: 'string', text } : { kind: 'name', text, quoted: true })
      i = end + 1
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][\w.]*/.exec(nrql.slice(i))!
      tokens.push({ kind: 'name', text: m[0], quoted: false })
      i += m[0].length
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9.]+/.exec(nrql.slice(i))!
      tokens.push({ kind: 'number', text: m[0] })
      i += m[0].length
    } else {
      const two = nrql.slice(i, i + 2)
      const text = ['!=', '>=', '<=', '<>'].includes(two) ? two : c
      tokens.push({ kind: 'punct', text })
      i += text.length
    }
  }
  return tokens
}

export function nrqlFacts(nrql: string): NrqlFacts {
  const tokens = tokenize(nrql)
  const eventTypes: string[] = []
  const attributes = new Set<string>()
  const values: Record<string, string[]> = {}
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!
    if (t.kind !== 'name') continue
    const next = tokens[i + 1]
    const prev = tokens[i - 1]
    if (!t.quoted && t.text.toLowerCase() === 'from' && next?.kind === 'name') {
      eventTypes.push(next.text)
      i++
      continue
    }
    if (!t.quoted && KEYWORDS.has(t.text.toLowerCase())) continue
    if (!t.quoted && next?.kind === 'punct' && next.text === '(') continue // a function
    if (prev?.kind === 'name' && !prev.quoted && prev.text.toLowerCase() === 'as') continue // an alias
    attributes.add(t.text)
    // attr = 'v' | attr != 'v' | attr LIKE 'v' | attr IN ('a', 'b')
    const op = tokens[i + 1]
    const compared: string[] = []
    if (op?.kind === 'punct' && ['=', '!='].includes(op.text) && tokens[i + 2]?.kind === 'string') {
      compared.push(tokens[i + 2]!.text)
    } else if (op?.kind === 'name' && /^(in|like)$/i.test(op.text)) {
      for (let j = i + 2; j < tokens.length; j++) {
        const v = tokens[j]!
        if (v.kind === 'string') compared.push(v.text)
        else if (v.kind === 'punct' && v.text === ')') break
        else if (op.text.toLowerCase() === 'like') break
      }
    }
    if (compared.length > 0) (values[t.text] ??= []).push(...compared)
  }
  return { eventTypes, attributes: [...attributes].sort(), values }
}
