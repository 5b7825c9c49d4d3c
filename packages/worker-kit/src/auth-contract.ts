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
  | {
      valid: true
      accountId: number
      rph: number
      cached: boolean
      freshUntilMs?: number
      /** expires_at (epoch ms) or null for never: lets a caller that keeps the verdict re-check expiry. */
      expiresAtMs?: number | null
    }
  | {
      valid: false
      cached: boolean
      freshUntilMs?: number
      /** True when no active key matches at all (not merely expired at `nowMs`): the verdict holds at any instant. */
      noMatch?: boolean
    }
  /** The helper could not decide (database unreachable or slow): the API answers 503, never 401. */
  | { valid: null; reason: 'unavailable' }

/**
 * `freshUntilMs` (epoch ms, real clock): until when the verdict may be reused
 * without asking again. The helper's own cache entry expires then, so a
 * caller that keeps the verdict no longer than this adds nothing to the
 * 5-minute revocation bound. Optional: an older helper omits it.
 */
export interface AuthHelperRpc {
  verify(request: VerifyRequest): Promise<VerifyResult>
}
