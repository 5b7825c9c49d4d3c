// What the database layer raises when it cannot answer, as domain errors:
// the layer knows nothing of HTTP. The API maps them in one place (503 and
// 504); the auth helper turns them into "undecided". SQL errors (a bad
// query) are not wrapped: they stay bugs, not outages.

/** The database cannot be reached, or the connection was lost mid-request. */
export class DatabaseUnavailableError extends Error {
  override readonly name = 'DatabaseUnavailableError'
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}

/** The request's deadline passed while waiting on the database (the server stops the statement too). */
export class DatabaseTimeoutError extends Error {
  override readonly name = 'DatabaseTimeoutError'
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}

export function isDatabaseOutage(err: unknown): err is DatabaseUnavailableError | DatabaseTimeoutError {
  return err instanceof DatabaseUnavailableError || err instanceof DatabaseTimeoutError
}

// Network-level failures worth one more connect attempt. Everything else
// (access denied, unknown database) fails the same way the second time.
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
])

/** Whether a connection error is transient (worth the one retry, and an outage rather than a bug). */
export function isTransientConnectionError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false
  const code = (err as { code?: unknown }).code
  if (typeof code === 'string' && TRANSIENT_CODES.has(code)) return true
  // workerd's socket layer reports some failures without a Node error code.
  const message = (err as { message?: unknown }).message
  return (
    typeof message === 'string' && /network connection lost|connection refused|socket hang up/i.test(message)
  )
}

// The server stopped the statement at its time limit: MariaDB
// ER_STATEMENT_TIMEOUT (1969), MySQL 8 ER_QUERY_TIMEOUT (3024).
const STATEMENT_TIMEOUT_ERRNOS = new Set([1969, 3024])

export function isStatementTimeout(err: unknown): boolean {
  const errno = (err as { errno?: unknown } | null)?.errno
  return typeof errno === 'number' && STATEMENT_TIMEOUT_ERRNOS.has(errno)
}

/** A short code for logs: the driver's code, else the error's name. */
export function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : err instanceof Error ? err.name : 'unknown'
}
