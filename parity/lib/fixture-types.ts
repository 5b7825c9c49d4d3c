// The recorded-fixture format (shared with the legacy recordings in
// parity/fixtures/ and with what `parity record` writes).

export interface RecordedRequest {
  method: string
  /** Raw path exactly as sent (`//v2.0//analytics/` stays as is). */
  path: string
  /** Raw query string without the `?` (`+` and repeated names stay as is). */
  query: string
  /** Header names in their recorded case; empty values are meaningful. */
  headers: Record<string, string>
}

export interface RecordedResponse {
  status: number
  contentType: string
  bodyBase64: string
  /** Human-readable copy of the body (UTF-16LE decoded for CSV). Never compared; may be absent. */
  bodyText?: string | null
}

export interface FixtureStep {
  request: RecordedRequest
  response: RecordedResponse
}

export interface Fixture {
  name: string
  description: string
  /** The instant the legacy app was recorded at: the Worker's pinned clock. */
  now: string
  steps: FixtureStep[]
  /** The Worker deliberately answers differently (see deviation.ts). */
  workerDeviation?: '410'
}

/** A response as the harness saw it. */
export interface ObservedResponse {
  status: number
  contentType: string
  body: Buffer
  /** Response headers, lower-case names (when the transport kept them). */
  headers?: Record<string, string | string[] | undefined>
}
