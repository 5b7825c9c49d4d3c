// Credential redaction for everything the tail Worker ships. Logs leave
// Cloudflare for a third party, so anything that looks like a credential is
// replaced before it is serialised: header values of credential headers,
// credential query parameters, long hex/base64-ish tokens, and any field
// whose name looks like a credential, at any depth.

export const REDACTED = '[REDACTED]'

const CREDENTIAL_NAME =
  /^(x-api-key|x-integration-key|authorization|proxy-authorization|cookie|set-cookie|cf-access-client-secret)$|api[_-]?key|integration[_-]?key|password|passwd|secret|token|license[_-]?key|credential/i

/** Free-text patterns; each keeps its prefix (the name) and hides the value. */
const TEXT_PATTERNS: [RegExp, string][] = [
  // header-style "X-Api-Key: value" / JSON-style "x-api-key":"value"
  [
    /((?:x-api-key|x-integration-key|authorization|api[_-]?key|integration[_-]?key)["']?\s*[:=]\s*["']?)(?:bearer\s+|basic\s+)?[^\s"'&,;}]+/gi,
    `$1${REDACTED}`,
  ],
  // query-string style api_key=…, token=…, password=…
  [
    /([?&;\s](?:api[_-]?key|integration[_-]?key|key|token|access[_-]?token|secret|password)=)[^&\s"']*/gi,
    `$1${REDACTED}`,
  ],
  // credentials inside a connection URL: scheme://user:password@host
  [/([a-z][a-z0-9+.-]*:\/\/[^:/?#\s@]+:)[^@/\s]+@/gi, `$1${REDACTED}@`],
  // bearer tokens anywhere
  [/(bearer\s+)[\w.~+/=-]{8,}/gi, `$1${REDACTED}`],
  // this API's own key format (ak_<name>_<hex>), whole
  [/\bak_[A-Za-z0-9]+_[A-Za-z0-9]{8,}/g, REDACTED],
  // long hex runs (API keys, hashes of keys, session ids): 24+ hex digits
  [/\b[0-9a-f]{24,}\b|(?<=_)[0-9a-f]{24,}\b/gi, REDACTED],
]

export function isCredentialName(name: string): boolean {
  return CREDENTIAL_NAME.test(name)
}

export function redactText(text: string): string {
  let out = text
  for (const [pattern, replacement] of TEXT_PATTERNS) out = out.replace(pattern, replacement)
  return out
}

/**
 * A URL with every credential-like query parameter value hidden, keeping the
 * raw query otherwise byte for byte (order, encoding, repeated names), then
 * the free-text rules (for userinfo passwords and tokens in the path).
 */
export function redactUrl(raw: string): string {
  const queryAt = raw.indexOf('?')
  if (queryAt < 0) return redactText(raw)
  const hashAt = raw.indexOf('#', queryAt)
  const query = raw.slice(queryAt + 1, hashAt < 0 ? undefined : hashAt)
  const pairs = query.split('&').map((pair) => {
    const eq = pair.indexOf('=')
    if (eq < 0) return pair
    let name = pair.slice(0, eq)
    try {
      name = decodeURIComponent(name.replace(/\+/g, ' '))
    } catch {
      // undecodable name: judged as written
    }
    return isCredentialName(name) || /^(key|sig|signature)(\[\])?$/i.test(name)
      ? `${pair.slice(0, eq)}=${REDACTED}`
      : pair
  })
  return redactText(raw.slice(0, queryAt + 1) + pairs.join('&') + (hashAt < 0 ? '' : raw.slice(hashAt)))
}

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    out[name] = isCredentialName(name) ? REDACTED : redactText(value)
  }
  return out
}

/** Deep copy of any JSON-ish value with credentials hidden. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value)
  if (value === null || typeof value !== 'object') return value
  if (depth > 8) return '[TRUNCATED]'
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1))
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      isCredentialName(k) && v !== null && v !== undefined && v !== '' ? REDACTED : redactValue(v, depth + 1)
  }
  return out
}
