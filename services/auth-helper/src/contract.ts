// The RPC contract between the public API Worker and the auth helper.
// Both sides import this file, so the service binding is typed end to end.
// Keep it backward compatible across two adjacent versions: during a gradual
// deployment an old API version may call a new helper and vice versa.

export interface VerifyRequest {
  /** Value of the X-Integration-Key header (non-empty). */
  integrationKey: string
  /** Value of the X-Api-Key header (non-empty). */
  apiKey: string
  /**
   * The caller's "now" in epoch milliseconds, for the expiry check. The API
   * passes its clock so a pinned test clock reaches the expiry rule too.
   */
  nowMs: number
}

export type VerifyResult =
  | { valid: true; accountId: number; rph: number; cached: boolean }
  | { valid: false; cached: boolean }
  /** The helper could not decide (database unreachable or slow): the API answers 503, never 401. */
  | { valid: null; reason: 'unavailable' }

export interface AuthHelperRpc {
  verify(request: VerifyRequest): Promise<VerifyResult>
}
