// The one error model: the legacy envelope ['status' => false, 'error' => msg]
// with its status code. Thrown anywhere in the request, rendered once, in the
// requested format (response/respond.ts).
import type { PhpAssoc } from '../render/php-value.ts'

/** The legacy app's own messages, word for word. */
export const LegacyMessage = {
  unknownMethod: 'Unknown method',
  missingCredentials: 'Missing API credentials',
  invalidCredentials: 'Invalid credentials',
  invalidFrom: 'Invalid from date',
  invalidTo: 'Invalid to date',
  fromAfterTo: 'from must not be after to',
  rangeTooLong: 'Date range cannot exceed 366 days',
  invalidAdvertiserId: 'Invalid advertiser_id',
  invalidVersion: 'Invalid version',
  invalidDataConnector: 'Invalid data_connector',
  advertiserNotFound: 'Advertiser not found',
} as const

export const rateLimitMessage = (rph: number) => `Rate limit exceeded: ${rph} requests per hour`

/**
 * Messages of the Worker's documented deviations from the legacy app
 * (openapi.yaml and decisions/): answers PHP never gave.
 */
export const DeviationMessage = {
  formatGone: 'Format no longer supported',
  unavailable: 'Service temporarily unavailable',
  upstreamTimeout: 'Upstream timeout',
  tooManyFailedAttempts: 'Too many failed authentication attempts',
} as const

export class LegacyError extends Error {
  override readonly name = 'LegacyError'
  readonly status: number
  /** Extra envelope members after status/error (the 410's documentation link). */
  readonly extra: PhpAssoc
  /** Response headers that belong to this error (Retry-After on 429 and 503). */
  readonly headers: Readonly<Record<string, string>>

  constructor(
    status: number,
    message: string,
    options: { extra?: PhpAssoc; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause })
    this.status = status
    this.extra = options.extra ?? {}
    this.headers = options.headers ?? {}
  }

  /** The PHP array the legacy app rendered for this error. */
  envelope(): PhpAssoc {
    return { status: false, error: this.message, ...this.extra }
  }
}
