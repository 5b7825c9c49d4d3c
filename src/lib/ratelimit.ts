// Legacy step 3: requests per hour per credential, in the UTC clock hour of
// the request's instant. The RateLimiter Durable Object counts exactly; when
// it cannot be reached, RATE_LIMIT_KV counts approximately, and when that
// fails too the request is let through (decisions/2026-11-27-rate-limit-fallback.md).
import type { RateCheck } from '../durable-objects/RateLimiter.ts'
import { keyHashForLog } from '../../services/auth-helper/src/credential-hash.ts'
import type { Env } from '../env.ts'
import { clockHour } from './clock.ts'
import type { AuthContext } from './context.ts'
import { withDeadline } from './deadline.ts'
import { HttpError, rateLimitMessage } from './errors.ts'
import type { Logger } from './logger.ts'

/** How long the Durable Object may take before the KV fallback counts instead. */
export const RATE_LIMITER_TIMEOUT_MS = 3_000

/** The Durable Object (and KV) name of a credential's counter. */
export function counterName(credentialHash: string, namespace: string): string {
  return namespace === '' ? credentialHash : `${credentialHash}:${namespace}`
}

type Verdict = Pick<RateCheck, 'allowed' | 'remaining'> & { source: 'do' | 'kv' | 'none' }

async function checkDurableObject(
  env: Pick<Env, 'RATE_LIMITER'>,
  name: string,
  auth: AuthContext,
  now: Date,
): Promise<Verdict> {
  const stub = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(name))
  const check = (await withDeadline(
    stub.check(auth.credentialHash, auth.rph, now.getTime()) as Promise<RateCheck>,
    RATE_LIMITER_TIMEOUT_MS,
    () => new Error(`RateLimiter did not answer within ${RATE_LIMITER_TIMEOUT_MS} ms`),
  )) as RateCheck
  return { allowed: check.allowed, remaining: check.remaining, source: 'do' }
}

/**
 * Degraded counting: read-increment-write on KV. Not atomic and eventually
 * consistent across locations, so it can admit more than rph; it still stops
 * a runaway client within one location.
 */
async function checkKv(
  env: Pick<Env, 'RATE_LIMIT_KV'>,
  name: string,
  auth: AuthContext,
  now: Date,
): Promise<Verdict> {
  const { startMs, endMs } = clockHour(now)
  const key = `rl:v1:${name}:${startMs}`
  const count = Number((await env.RATE_LIMIT_KV.get(key)) ?? '0') + 1
  // KV's minimum TTL is 60 s; keep the key a minute past the window's end.
  const ttl = Math.max(60, Math.ceil((endMs - now.getTime()) / 1000) + 60)
  await env.RATE_LIMIT_KV.put(key, String(count), { expirationTtl: ttl })
  return { allowed: count <= auth.rph, remaining: Math.max(0, auth.rph - count), source: 'kv' }
}

async function verdict(
  env: Pick<Env, 'RATE_LIMITER' | 'RATE_LIMIT_KV'>,
  name: string,
  auth: AuthContext,
  now: Date,
  log: Logger,
): Promise<Verdict> {
  const keyHash = keyHashForLog(auth.credentialHash)
  try {
    return await checkDurableObject(env, name, auth, now)
  } catch (err) {
    log.error('ratelimit.do.unavailable', {
      key_hash: keyHash,
      error: err instanceof Error ? err.message : String(err),
    })
  }
  try {
    return await checkKv(env, name, auth, now)
  } catch (err) {
    // Fail open: a limiter outage must not take the API down with it.
    log.error('ratelimit.kv.unavailable', {
      key_hash: keyHash,
      error: err instanceof Error ? err.message : String(err),
    })
    return { allowed: true, remaining: auth.rph, source: 'none' }
  }
}

/**
 * Counts this request against the credential's hourly limit. Returns the
 * X-RateLimit-* headers for the response; throws the legacy 429 (with those
 * headers and Retry-After) from request rph + 1 on.
 */
export async function enforceRateLimit(
  env: Pick<Env, 'RATE_LIMITER' | 'RATE_LIMIT_KV'>,
  auth: AuthContext,
  now: Date,
  namespace: string,
  log: Logger,
): Promise<Record<string, string>> {
  const { endMs } = clockHour(now)
  const result = await verdict(env, counterName(auth.credentialHash, namespace), auth, now, log)
  const headers: Record<string, string> = {
    'X-RateLimit-Limit': String(auth.rph),
    'X-RateLimit-Remaining': String(result.remaining),
    'X-RateLimit-Reset': String(endMs / 1000),
  }
  if (!result.allowed) {
    log.info('ratelimit.throttled', {
      key_hash: keyHashForLog(auth.credentialHash),
      limit: auth.rph,
      source: result.source,
    })
    const retryAfter = Math.max(1, Math.ceil((endMs - now.getTime()) / 1000))
    throw new HttpError(429, rateLimitMessage(auth.rph), {
      headers: { ...headers, 'Retry-After': String(retryAfter) },
    })
  }
  return headers
}
