// verify(): KV cache (5 min for a match, 1 min for no match) in front of the
// api-table lookup. An undecidable lookup (database down or slow) answers
// { valid: null } and is never cached, so the API says 503, not 401.
import type { VerifyRequest, VerifyResult } from '@adventive/worker-kit/auth-contract'
import { credentialHash, keyHashForLog } from '@adventive/worker-kit/credential-hash'
import type { SqlClient } from '@adventive/worker-kit/db'
import { errorMessage, type Logger } from '@adventive/worker-kit/logger'
import { isCredentialFacts, isUnexpired, type CredentialFacts } from './credential-facts.ts'
import { lookupCredential } from './lookup.ts'

export const MATCH_TTL_S = 300
/** Short, so a new or re-enabled key works within a minute (KV's minimum TTL). */
export const NO_MATCH_TTL_S = 60

export interface VerifyDeps {
  cache: KVNamespace
  /** Opens the console database (lazily connected; closed by verify when done). */
  openDb: () => SqlClient
  waitUntil: (promise: Promise<unknown>) => void
  log: Logger
  /** The real clock (epoch ms): when facts were read, how long a verdict stays fresh. */
  wallClockMs: () => number
}

export const cacheKey = (hash: string) => `auth:v1:${hash}`

const ttlSeconds = (facts: CredentialFacts) => (facts.match ? MATCH_TTL_S : NO_MATCH_TTL_S)

function verdict(facts: CredentialFacts, nowMs: number, cached: boolean): VerifyResult {
  // The cache entry expires ttl after the read: a caller may keep the verdict until then.
  const freshUntilMs = facts.readAtMs === undefined ? undefined : facts.readAtMs + ttlSeconds(facts) * 1000
  const fresh = freshUntilMs === undefined ? {} : { freshUntilMs }
  if (facts.match && isUnexpired(facts, nowMs))
    return {
      valid: true,
      accountId: facts.accountId,
      rph: facts.rph,
      cached,
      expiresAtMs: facts.expiresAtMs,
      ...fresh,
    }
  return { valid: false, cached, noMatch: !facts.match, ...fresh }
}

async function readCache(deps: VerifyDeps, key: string, keyHash: string): Promise<CredentialFacts | null> {
  try {
    const value: unknown = await deps.cache.get(key, 'json')
    return isCredentialFacts(value) ? value : null
  } catch (err) {
    // A KV outage costs a database lookup, nothing more.
    deps.log.warn('auth.cache.error', {
      key_hash: keyHash,
      error: errorMessage(err),
    })
    return null
  }
}

function writeCache(deps: VerifyDeps, key: string, keyHash: string, facts: CredentialFacts): void {
  const expirationTtl = ttlSeconds(facts)
  deps.waitUntil(
    deps.cache.put(key, JSON.stringify(facts), { expirationTtl }).catch((err: unknown) => {
      deps.log.warn('auth.cache.error', {
        key_hash: keyHash,
        error: errorMessage(err),
      })
    }),
  )
}

function wellFormed(req: VerifyRequest): boolean {
  return (
    typeof req?.integrationKey === 'string' &&
    typeof req.apiKey === 'string' &&
    req.integrationKey !== '' &&
    req.apiKey !== '' &&
    Number.isFinite(req.nowMs)
  )
}

export async function verifyCredentials(req: VerifyRequest, deps: VerifyDeps): Promise<VerifyResult> {
  if (!wellFormed(req)) {
    deps.log.warn('auth.failure', { reason: 'malformed_request' })
    return { valid: false, cached: false }
  }
  const hash = await credentialHash(req.integrationKey, req.apiKey)
  const keyHash = keyHashForLog(hash)
  const key = cacheKey(hash)

  let facts = await readCache(deps, key, keyHash)
  const cached = facts !== null
  if (facts) {
    deps.log.info('auth.cache.hit', { key_hash: keyHash })
  } else {
    deps.log.info('auth.cache.miss', { key_hash: keyHash })
    const db = deps.openDb()
    try {
      facts = {
        ...(await lookupCredential(db, req.integrationKey, req.apiKey)),
        readAtMs: deps.wallClockMs(),
      }
    } catch (err) {
      deps.log.error('auth.failure', {
        key_hash: keyHash,
        reason: 'unavailable',
        error: errorMessage(err),
      })
      return { valid: null, reason: 'unavailable' }
    } finally {
      db.close()
    }
    writeCache(deps, key, keyHash, facts)
  }

  const result = verdict(facts, req.nowMs, cached)
  deps.log.info('auth.lookup', { key_hash: keyHash, cached, outcome: result.valid ? 'valid' : 'invalid' })
  if (!result.valid) deps.log.info('auth.failure', { key_hash: keyHash, reason: 'invalid', cached })
  return result
}
