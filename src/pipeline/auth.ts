// Legacy steps 1 and 2: credentials present, then valid. Step 1 (missing or
// empty header → 401 Missing API credentials) and credentials that cannot
// exist are decided here without any lookup; the rest is the auth helper's
// (service binding RPC), its verdicts kept briefly in the isolate. An
// unreachable, failing or slow helper is a 503, never a 401: an outage must
// not look like bad credentials.
import type { VerifyResult } from '@adventive/worker-kit/auth-contract'
import { withTimeout } from '../platform/timeout.ts'
import { credentialHash, credentialPair, keyHashForLog } from '@adventive/worker-kit/credential-hash'
import { errorMessage, type Logger } from '@adventive/worker-kit/logger'
import type { Env } from '../env.ts'
import { DeviationMessage, LegacyError, LegacyMessage } from '../domain/legacy-error.ts'
import type { FailedAuthThrottle } from './auth-failures.ts'
import type { CredentialCache } from './credential-cache.ts'
import { unavailable } from '../response/dependency-errors.ts'

/** How long the helper may take (KV, then at worst one DB lookup with its own budget). */
export const AUTH_TIMEOUT_MS = 5_000

export interface AuthContext {
  accountId: number
  rph: number
  /** SHA-256 (hex) of the credential pair: the only form a credential takes in keys and logs. */
  credentialHash: string
  /** Where the verdict came from: this isolate's cache, the helper's KV cache, or its database lookup. */
  source: 'isolate' | 'kv' | 'db'
}

/** What authentication keeps for the life of the isolate. */
export interface AuthMemory {
  cache: CredentialCache
  throttle: FailedAuthThrottle
}

export interface AuthInput {
  headers: Headers
  /** The request's instant (expiry is judged at it). */
  now: Date
  /** The real clock, epoch ms (cache freshness, throttling). */
  realNowMs: number
  log: Logger
}

/**
 * The legacy controller's "missing" check: an absent header reads as "", and
 * only "" is missing (`$apiKey === ''` in the reference origin; a header `0`
 * is a key like any other, and matches none).
 */
export function isMissing(value: string): boolean {
  return value === ''
}

/** Longest stored key: the api table's columns are VARCHAR(64). */
export const MAX_KEY_LENGTH = 64

/**
 * Whether a header value could be a stored key: 1–64 printable ASCII
 * characters. Anything else matches no row, so it is refused with the same
 * 401 the lookup would give, without the lookup. (A gate checks that every
 * stored key has this form: scripts/verify-gates.sh.)
 */
export function couldBeKey(value: string): boolean {
  if (value.length === 0 || value.length > MAX_KEY_LENGTH) return false
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if (c < 0x21 || c > 0x7e) return false
  }
  return true
}

const invalidCredentials = () => new LegacyError(401, LegacyMessage.invalidCredentials)

function clientAddress(headers: Headers): string {
  return headers.get('CF-Connecting-IP') ?? 'unknown'
}

async function verify(env: Pick<Env, 'AUTH'>, integrationKey: string, apiKey: string, input: AuthInput) {
  try {
    return await withTimeout(
      env.AUTH.verify({ integrationKey, apiKey, nowMs: input.now.getTime() }) as Promise<VerifyResult>,
      AUTH_TIMEOUT_MS,
      () => new Error(`auth helper did not answer within ${AUTH_TIMEOUT_MS} ms`),
    )
  } catch (err) {
    input.log.error('auth.helper.unavailable', { error: errorMessage(err) })
    throw unavailable(err)
  }
}

export async function authenticate(
  env: Pick<Env, 'AUTH' | 'AUTH_FAILURES'>,
  memory: AuthMemory,
  input: AuthInput,
): Promise<AuthContext> {
  // Headers.get is case-insensitive and yields "" for a header sent empty.
  const apiKey = input.headers.get('X-Api-Key') ?? ''
  const integrationKey = input.headers.get('X-Integration-Key') ?? ''
  if (isMissing(apiKey) || isMissing(integrationKey))
    throw new LegacyError(401, LegacyMessage.missingCredentials)
  if (!couldBeKey(apiKey) || !couldBeKey(integrationKey)) throw invalidCredentials()

  const pair = credentialPair(integrationKey, apiKey)
  const known = memory.cache.get(pair, input.realNowMs)
  if (known?.valid === true) {
    if (known.expiresAtMs === null || known.expiresAtMs > input.now.getTime()) {
      return {
        accountId: known.accountId,
        rph: known.rph,
        credentialHash: known.credentialHash,
        source: 'isolate',
      }
    }
    throw invalidCredentials()
  }

  const address = clientAddress(input.headers)
  const throttledMs = memory.throttle.throttledForMs(address, input.realNowMs)
  if (throttledMs > 0) {
    throw new LegacyError(429, DeviationMessage.tooManyFailedAttempts, {
      headers: { 'Retry-After': String(Math.ceil(throttledMs / 1000)) },
    })
  }
  if (known?.valid === false) {
    await memory.throttle.recordFailure(env.AUTH_FAILURES, address, input.realNowMs)
    throw invalidCredentials()
  }

  const hash = await credentialHash(integrationKey, apiKey)
  const result = await verify(env, integrationKey, apiKey, input)
  if (result.valid === null) {
    input.log.error('auth.helper.undecided', { key_hash: keyHashForLog(hash), reason: result.reason })
    throw unavailable()
  }
  const source = result.cached ? 'kv' : 'db'
  if (result.valid) {
    // Without the expiry (an older helper), the verdict cannot be re-checked later: not kept.
    if (result.freshUntilMs !== undefined && result.expiresAtMs !== undefined) {
      memory.cache.set(
        pair,
        {
          valid: true,
          accountId: result.accountId,
          rph: result.rph,
          expiresAtMs: result.expiresAtMs,
          credentialHash: hash,
        },
        result.freshUntilMs,
        input.realNowMs,
      )
    }
    return { accountId: result.accountId, rph: result.rph, credentialHash: hash, source }
  }
  // Only "no such key" holds at every instant; an expired key is asked about again.
  if (result.noMatch === true && result.freshUntilMs !== undefined) {
    memory.cache.set(pair, { valid: false }, result.freshUntilMs, input.realNowMs)
  }
  input.log.info('auth.rejected', { key_hash: keyHashForLog(hash), source })
  await memory.throttle.recordFailure(env.AUTH_FAILURES, address, input.realNowMs)
  throw invalidCredentials()
}
