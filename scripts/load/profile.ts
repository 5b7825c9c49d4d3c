// A load profile: which endpoints, in what proportion, with which legacy
// latency baseline, and the bounds of a run. Validated on load so a typo in a
// profile fails before any request is sent.
import { readFileSync } from 'node:fs'

export interface ProfileEndpoint {
  name: string
  /** Path and query, as sent (the profile fixes the parameters). */
  path: string
  /** Share of the traffic; relative to the sum of all weights. */
  weight: number
  /** Status that counts as success (default 200). */
  expectStatus?: number
  legacyP50Ms?: number
  legacyP95Ms?: number
}

export interface LoadProfile {
  name: string
  description?: string
  concurrency: number
  maxRequests: number
  maxDurationSeconds: number
  requestTimeoutMs?: number
  thresholds?: { errorRatePercent?: number; p95Ms?: number }
  endpoints: ProfileEndpoint[]
}

/** Hard ceilings, whatever a profile or flag says: a load run always ends. */
export const LIMITS = { maxRequests: 1_000_000, maxDurationSeconds: 3 * 60 * 60, concurrency: 64 }

function fail(message: string): never {
  throw new Error(`load profile: ${message}`)
}

const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0

export function parseProfile(raw: unknown): LoadProfile {
  if (typeof raw !== 'object' || raw === null) fail('not a JSON object')
  const p = raw as Partial<LoadProfile>
  if (typeof p.name !== 'string' || !p.name) fail('name is required')
  for (const key of ['concurrency', 'maxRequests', 'maxDurationSeconds'] as const) {
    if (!positive(p[key])) fail(`${key} must be a positive number`)
  }
  if (p.concurrency! > LIMITS.concurrency) fail(`concurrency must be at most ${LIMITS.concurrency}`)
  if (p.maxRequests! > LIMITS.maxRequests) fail(`maxRequests must be at most ${LIMITS.maxRequests}`)
  if (p.maxDurationSeconds! > LIMITS.maxDurationSeconds)
    fail(`maxDurationSeconds must be at most ${LIMITS.maxDurationSeconds}`)
  if (!Array.isArray(p.endpoints) || p.endpoints.length === 0) fail('endpoints must be a non-empty list')
  for (const e of p.endpoints) {
    if (typeof e.name !== 'string' || !e.name) fail('every endpoint needs a name')
    if (typeof e.path !== 'string' || !e.path.startsWith('/'))
      fail(`endpoint ${e.name}: path must start with /`)
    if (!positive(e.weight)) fail(`endpoint ${e.name}: weight must be a positive number`)
  }
  return p as LoadProfile
}

export function loadProfile(file: string): LoadProfile {
  return parseProfile(JSON.parse(readFileSync(file, 'utf8')))
}
