// Verdicts of the auth helper kept in the isolate for a short while, so a
// partner's steady traffic costs no RPC (and no KV read) per request. The
// helper says until when each verdict is fresh (its own cache entry's
// expiry), so keeping it adds nothing to the 5-minute revocation bound; the
// key's expiry is re-checked against every request's own "now".
//
// Bounded: the oldest entries go first, so a flood of random keys can cost
// lookups but never memory.

import { setNewest } from '../platform/bounded-map.ts'

export type CachedVerdict =
  | { valid: true; accountId: number; rph: number; expiresAtMs: number | null; credentialHash: string }
  | { valid: false }

interface Entry {
  verdict: CachedVerdict
  freshUntilMs: number
}

export const CREDENTIAL_CACHE_ENTRIES = 5_000
/** However fresh the helper says a verdict is, an isolate keeps it at most this long. */
export const CREDENTIAL_CACHE_MAX_AGE_MS = 60_000

export class CredentialCache {
  private readonly entries = new Map<string, Entry>()
  private readonly maxEntries: number
  private readonly maxAgeMs: number

  constructor(maxEntries = CREDENTIAL_CACHE_ENTRIES, maxAgeMs = CREDENTIAL_CACHE_MAX_AGE_MS) {
    this.maxEntries = maxEntries
    this.maxAgeMs = maxAgeMs
  }

  /** The verdict for a credential pair, if one is still fresh at `realNowMs` (the real clock). */
  get(pair: string, realNowMs: number): CachedVerdict | undefined {
    const entry = this.entries.get(pair)
    if (!entry) return undefined
    if (entry.freshUntilMs <= realNowMs) {
      this.entries.delete(pair)
      return undefined
    }
    return entry.verdict
  }

  set(pair: string, verdict: CachedVerdict, freshUntilMs: number, realNowMs: number): void {
    const until = Math.min(freshUntilMs, realNowMs + this.maxAgeMs)
    if (until <= realNowMs) return
    setNewest(this.entries, pair, { verdict, freshUntilMs: until }, this.maxEntries)
  }

  get size(): number {
    return this.entries.size
  }
}
