// Every answer that is not 2xx becomes one ApiError, whatever format was asked for: the API
// sends its error envelope `{status: false, error: <message>}` as JSON, as XML
// (`<xml><status>0</status><error>…</error></xml>`) or as UTF-16LE CSV (`status,error` then
// `,"<message>"`), and the message is read back from each.
import { parseCsv } from './csv.ts'
import { readRateLimit, type RateLimitState } from './rate-limit.ts'
import { decodeUtf16le } from './utf16le.ts'

export interface LegacyError {
  /** The API's `error` message (`Invalid credentials`, `Rate limit exceeded: 200 requests per hour`, …). */
  error: string | null
  /** The 410 answer's link to the documentation. */
  documentation: string | null
}

const isCsv = (contentType: string) => /\/csv\b/i.test(contentType)
const isXml = (contentType: string) => /[/+]xml\b/i.test(contentType)

/** A response body as text: CSV is UTF-16LE, everything else UTF-8. */
export function bodyText(body: Uint8Array, contentType: string): string {
  return isCsv(contentType) ? decodeUtf16le(body) : new TextDecoder().decode(body)
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function xmlText(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] !== '#') return ENTITIES[name] ?? whole
    const code =
      name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole
  })
}

const xmlElement = (text: string, name: string): string | null => {
  const match = new RegExp(`<${name}(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${name}>)`).exec(text)
  return match ? xmlText(match[1] ?? '') : null
}

function fromJson(text: string): LegacyError {
  try {
    const value: unknown = JSON.parse(text)
    if (value === null || typeof value !== 'object') return { error: null, documentation: null }
    const { error, documentation } = value as Record<string, unknown>
    return {
      error: typeof error === 'string' ? error : null,
      documentation: typeof documentation === 'string' ? documentation : null,
    }
  } catch {
    return { error: null, documentation: null }
  }
}

function fromCsv(text: string): LegacyError {
  try {
    const [row] = parseCsv(text)
    return { error: row?.error ?? null, documentation: row?.documentation ?? null }
  } catch {
    return { error: null, documentation: null }
  }
}

/** The legacy envelope's message in a body of any of the API's formats; nulls when it has none. */
export function legacyError(text: string, contentType: string): LegacyError {
  if (isCsv(contentType)) return fromCsv(text)
  if (isXml(contentType)) {
    return { error: xmlElement(text, 'error'), documentation: xmlElement(text, 'documentation') }
  }
  return fromJson(text)
}

export class ApiError extends Error {
  override readonly name = 'ApiError'
  /** The HTTP status: 400, 401, 404, 410, 429, 503, 504 from the API (anything else from a proxy). */
  readonly status: number
  /** The API's error message, exactly as sent; null when the body was not the API's envelope. */
  readonly error: string | null
  /** On 410 (a retired format): where the documentation is. */
  readonly documentation: string | null
  /** `X-Request-Id` of the answer: quote it to support. */
  readonly requestId: string | null
  /** The hourly limit as the answer reported it (all null on 401, which is not counted). */
  readonly rateLimit: RateLimitState
  /** The body as text (CSV decoded from UTF-16LE). */
  readonly body: string
  /** The URL that was asked. */
  readonly url: string

  constructor(init: {
    status: number
    error: string | null
    documentation?: string | null
    requestId: string | null
    rateLimit: RateLimitState
    body: string
    url: string
  }) {
    super(
      `${init.status} ${init.error ?? 'HTTP error'}${init.requestId ? ` (request ${init.requestId})` : ''}`,
    )
    this.status = init.status
    this.error = init.error
    this.documentation = init.documentation ?? null
    this.requestId = init.requestId
    this.rateLimit = init.rateLimit
    this.body = init.body
    this.url = init.url
  }

  /** Reads a failed response (its body is consumed) into an ApiError. */
  static async fromResponse(response: Response): Promise<ApiError> {
    const contentType = response.headers.get('Content-Type') ?? ''
    let body = ''
    try {
      body = bodyText(new Uint8Array(await response.arrayBuffer()), contentType)
    } catch {
      // A body that breaks off still leaves the status and headers to report.
    }
    const { error, documentation } = legacyError(body, contentType)
    return new ApiError({
      status: response.status,
      error,
      documentation,
      requestId: response.headers.get('X-Request-Id'),
      rateLimit: readRateLimit(response.headers),
      body,
      url: response.url,
    })
  }
}
