// The one error model: the legacy envelope ['status' => false, 'error' => msg]
// with its status code. Thrown anywhere in the request, rendered once by the
// app's onError in the requested format.
import type { PhpAssoc } from './format/php-value.ts'

/** Every legacy message, and the Worker's own deviations, in one place. */
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
  // Worker deviations (documented in openapi.yaml and LEGACY_API.md).
  formatGone: 'Format no longer supported',
  unavailable: 'Service temporarily unavailable',
  upstreamTimeout: 'Upstream timeout',
} as const

export const rateLimitMessage = (rph: number) => `Rate limit exceeded: ${rph} requests per hour`

export class HttpError extends Error {
  readonly status: number
  /** Extra envelope members after status/error (the 410's documentation link). */
  readonly extra: PhpAssoc
  /** Response headers that belong to this error (Retry-After on 429). */
  readonly headers: Record<string, string>

  constructor(
    status: number,
    message: string,
    options: { extra?: PhpAssoc; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause })
    this.name = 'HttpError'
    this.status = status
    this.extra = options.extra ?? {}
    this.headers = options.headers ?? {}
  }

  /** The PHP array the legacy app rendered for this error. */
  envelope(): PhpAssoc {
    return { status: false, error: this.message, ...this.extra }
  }
}
