// Live parity during the dual-run: for a sample of the requests the Worker
// serves, the legacy answer is fetched AFTER the response has gone out
// (ctx.waitUntil: never delaying it), and status, content type and bytes are
// compared. A difference is logged as `parity.mismatch` with the field path
// of the first difference (the parity harness's locators) and both shape
// hashes; the tail Worker ships it to New Relic as a custom event the alert
// watches. Bounded: a sample rate, a cap on the bytes read from either side,
// and a timeout. The legacy request carries X-Adventive-Shadow: 1 and goes to
// SHADOW_ORIGIN (decisions/2026-12-02-legacy-passthrough.md says how it stays
// out of the partner's legacy hourly budget).
import { errorMessage, type Logger } from '@adventive/worker-kit/logger'
import type { Env } from '../env.ts'
import { concatBytes } from '../platform/bytes.ts'
import { legacyRequest } from '../pipeline/passthrough.ts'
import type { LegacyRequest } from '../request/legacy-request.ts'
import { locateDifference } from './locate.ts'
import { shapeHash } from './shape.ts'

export const SHADOW_HEADER = 'X-Adventive-Shadow'
const DEFAULT_MAX_BYTES = 1024 * 1024
const DEFAULT_TIMEOUT_MS = 10_000

export interface ShadowSettings {
  origin: string
  sampleRate: number
  maxBytes: number
  timeoutMs: number
}

const positive = (raw: string | undefined, fallback: number) => {
  const n = Number(raw)
  return raw !== undefined && raw !== '' && Number.isFinite(n) && n > 0 ? n : fallback
}

/** The shadow configuration, or null when shadowing is off (no rate, no origin). */
export function shadowSettings(
  env: Pick<Env, 'SHADOW_SAMPLE_RATE' | 'SHADOW_ORIGIN' | 'SHADOW_MAX_BYTES' | 'SHADOW_TIMEOUT_MS'>,
): ShadowSettings | null {
  const sampleRate = Math.min(1, positive(env.SHADOW_SAMPLE_RATE, 0))
  // Never LEGACY_ORIGIN by default: shadow requests there would spend the partners' legacy budgets.
  const origin = env.SHADOW_ORIGIN ?? ''
  if (sampleRate === 0 || origin === '') return null
  return {
    origin,
    sampleRate,
    maxBytes: positive(env.SHADOW_MAX_BYTES, DEFAULT_MAX_BYTES),
    timeoutMs: positive(env.SHADOW_TIMEOUT_MS, DEFAULT_TIMEOUT_MS),
  }
}

/** Answers that depend on the Worker's own state (its limiter, an outage) or are documented deviations. */
const INCOMPARABLE = new Set([410, 429, 503, 504])

export function comparable(status: number): boolean {
  return !INCOMPARABLE.has(status)
}

/** Up to `maxBytes` of a body; null when it is longer (not compared). */
async function readCapped(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<Uint8Array | null> {
  if (!body) return new Uint8Array(0)
  const reader = body.getReader()
  const parts: Uint8Array[] = []
  let length = 0
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    length += chunk.value.byteLength
    if (length > maxBytes) {
      await reader.cancel()
      return null
    }
    parts.push(chunk.value)
  }
  return concatBytes(parts)
}

export interface ServedAnswer {
  status: number
  contentType: string
  body: ReadableStream<Uint8Array> | null
}

export interface ShadowFacts {
  endpoint: string
  version: string | null
  format: string
}

/** Fetches the legacy answer, compares, logs a mismatch. Never throws. */
export async function compareWithLegacy(
  request: LegacyRequest,
  served: ServedAnswer,
  settings: ShadowSettings,
  facts: ShadowFacts,
  log: Logger,
): Promise<void> {
  try {
    const workerBody = await readCapped(served.body, settings.maxBytes)
    if (workerBody === null) {
      log.debug('parity.skipped', { ...facts, reason: 'worker body over the cap' })
      return
    }
    const legacy = await fetch(legacyRequest(request, settings.origin, { [SHADOW_HEADER]: '1' }), {
      signal: AbortSignal.timeout(settings.timeoutMs),
    })
    const legacyBody = await readCapped(legacy.body, settings.maxBytes)
    if (legacyBody === null) {
      log.debug('parity.skipped', { ...facts, reason: 'legacy body over the cap' })
      return
    }
    const legacyType = legacy.headers.get('Content-Type') ?? ''
    const difference = locateDifference(legacyBody, workerBody, legacyType)
    if (legacy.status === served.status && legacyType === served.contentType && difference === null) return
    log.warn('parity.mismatch', {
      endpoint: facts.endpoint,
      version: facts.version,
      format: facts.format,
      locator: difference?.location ?? (legacy.status !== served.status ? 'status' : 'content-type'),
      byte_offset: difference?.byteOffset ?? null,
      shape_hash: await shapeHash(workerBody, served.contentType),
      legacy_shape_hash: await shapeHash(legacyBody, legacyType),
      worker_status: served.status,
      legacy_status: legacy.status,
      worker_content_type: served.contentType,
      legacy_content_type: legacyType,
    })
  } catch (err) {
    log.warn('parity.shadow_failed', { ...facts, error: errorMessage(err) })
  }
}
