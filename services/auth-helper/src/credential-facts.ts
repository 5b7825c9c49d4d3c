// What the helper knows about a credential pair, as cached and as looked up,
// and the legacy rule that turns it into a verdict at a given instant.
// Expiry is NOT decided at lookup time: the facts carry expires_at, so a
// cached entry is re-evaluated against each caller's "now".

export type CredentialFacts =
  | {
      v: 1
      match: true
      accountId: number
      rph: number
      /** Epoch ms, or null for "never expires". */ expiresAtMs: number | null
      /** When the facts were read from the database (real clock, epoch ms); absent in entries of older versions. */
      readAtMs?: number
    }
  | { v: 1; match: false; readAtMs?: number }

export const NO_MATCH: CredentialFacts = { v: 1, match: false }

/** MySQL DATETIME 'YYYY-MM-DD HH:MM:SS' (stored as UTC) → epoch ms; NaN for zero or malformed dates. */
export function utcDatetimeMs(value: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?$/.exec(value)
  if (!m) return Number.NaN
  const [, y, mo, d, h, mi, s, frac] = m
  const ms = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h),
    Number(mi),
    Number(s),
    Math.floor(Number(`0.${frac ?? '0'}`) * 1000),
  )
  // Date.UTC rolls over impossible dates (0000-00-00, 2024-02-30): reject them.
  return new Date(ms).toISOString().slice(0, 10) === `${y}-${mo}-${d}` ? ms : Number.NaN
}

/** Legacy step 2's time rule: expires_at null or strictly after now. An unreadable date never passes. */
export function isUnexpired(facts: Extract<CredentialFacts, { match: true }>, nowMs: number): boolean {
  return facts.expiresAtMs === null || facts.expiresAtMs > nowMs
}

/** Whether a value read back from the cache is facts this version understands. */
export function isCredentialFacts(value: unknown): value is CredentialFacts {
  if (typeof value !== 'object' || value === null) return false
  const f = value as Record<string, unknown>
  if (f.v !== 1) return false
  if (f.readAtMs !== undefined && !Number.isFinite(f.readAtMs)) return false
  if (f.match === false) return true
  return (
    f.match === true &&
    Number.isSafeInteger(f.accountId) &&
    Number.isSafeInteger(f.rph) &&
    (f.expiresAtMs === null || Number.isFinite(f.expiresAtMs))
  )
}
