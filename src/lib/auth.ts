// Authentication: a thin wrapper over the auth helper (service binding RPC).
// Legacy step 1 (missing/empty header → 401 Missing API credentials) is
// decided here; step 2 (the api row rules) by the helper. An unreachable,
// failing or slow helper is a 503, never a 401: an outage must not look like
// bad credentials.
import { credentialHash, keyHashForLog } from '../../services/auth-helper/src/credential-hash.ts'
import type { VerifyResult } from '../../services/auth-helper/src/contract.ts'
import type { Env } from '../env.ts'
import type { AuthContext } from './context.ts'
import { withDeadline } from './deadline.ts'
import { HttpError, LegacyMessage } from './errors.ts'
import type { Logger } from './logger.ts'

/**
 * PHP's empty() on a header string: "" and "0" are empty. The legacy
 * controller's "missing or empty" check is PHP, so a header `0` is missing.
 */
export function phpEmpty(value: string): boolean {
  return value === '' || value === '0'
}

/** How long the helper may take (KV, then at worst one DB lookup with its own budget). */
export const AUTH_TIMEOUT_MS = 5_000

export async function authenticate(
  env: Pick<Env, 'AUTH'>,
  headers: Headers,
  now: Date,
  log: Logger,
  timeoutMs: number = AUTH_TIMEOUT_MS,
): Promise<AuthContext> {
  // Headers.get is case-insensitive and yields "" for a header sent empty.
  const apiKey = headers.get('X-Api-Key') ?? ''
  const integrationKey = headers.get('X-Integration-Key') ?? ''
  if (phpEmpty(apiKey) || phpEmpty(integrationKey)) throw new HttpError(401, LegacyMessage.missingCredentials)

  const hash = await credentialHash(integrationKey, apiKey)
  const keyHash = keyHashForLog(hash)
  let result: VerifyResult
  try {
    result = await withDeadline(
      env.AUTH.verify({ integrationKey, apiKey, nowMs: now.getTime() }) as Promise<VerifyResult>,
      timeoutMs,
      () => new Error(`auth helper did not answer within ${timeoutMs} ms`),
    )
  } catch (err) {
    log.error('auth.helper.unavailable', {
      key_hash: keyHash,
      error: err instanceof Error ? err.message : String(err),
    })
    throw new HttpError(503, LegacyMessage.unavailable, { cause: err })
  }

  if (result.valid === true) {
    log.debug('auth.ok', { key_hash: keyHash, account_id: result.accountId, cached: result.cached })
    return { accountId: result.accountId, rph: result.rph, credentialHash: hash }
  }
  if (result.valid === false) {
    log.info('auth.rejected', { key_hash: keyHash, cached: result.cached })
    throw new HttpError(401, LegacyMessage.invalidCredentials)
  }
  log.error('auth.helper.undecided', { key_hash: keyHash, reason: result.reason })
  throw new HttpError(503, LegacyMessage.unavailable)
}
