// What a client of the stack sees: status, headers, body bytes, and whether a
// streamed body ended cleanly or broke off. Every wait is bounded, so a hang
// fails the case instead of stalling the suite.
import { DEMO_CREDENTIALS } from '../db/demo-credentials.ts'

export type Credentials = { integrationKey: string; apiKey: string }

export const credentialHeaders = (c: Credentials = DEMO_CREDENTIALS): Record<string, string> => ({
  'X-Integration-Key': c.integrationKey,
  'X-Api-Key': c.apiKey,
})

/** A fresh rate-limit counter for one case (the test entry's X-Test-Rate-Namespace). */
export const freshCounter = (): Record<string, string> => ({
  'X-Test-Rate-Namespace': `faults-${crypto.randomUUID()}`,
})

export interface Answer {
  status: number
  headers: Headers
  body: string
  requestId: string
  /** Milliseconds until the whole body was read. */
  ms: number
}

/** GET `path`, read the whole body; rejects if either takes longer than `limitMs` (a hang). */
export async function get(
  base: string,
  path: string,
  headers: Record<string, string>,
  limitMs = 30_000,
): Promise<Answer> {
  const started = performance.now()
  const res = await fetch(base + path, { headers, signal: AbortSignal.timeout(limitMs) })
  const body = await res.text()
  return {
    status: res.status,
    headers: res.headers,
    body,
    requestId: res.headers.get('X-Request-Id') ?? '',
    ms: performance.now() - started,
  }
}

/** The legacy error envelope as JSON renders it. */
export const envelope = (message: string) => JSON.stringify({ status: false, error: message })

export interface StreamRead {
  status: number
  requestId: string
  /** Bytes received before the body ended or broke. */
  bytes: number
  /** Those bytes. */
  body: Buffer
  /** 'clean' when the body ended normally, 'broken' when the read rejected. */
  ending: 'clean' | 'broken'
  error: string | null
  /** Whether the fault was injected at all (false: the body was shorter than the pause point). */
  faulted: boolean
  /** Milliseconds from the request until the body ended or broke. */
  ms: number
}

/**
 * Starts a GET whose body is read up to `pauseAfterBytes`, then waits for
 * `whilePaused()` (the fault), then reads on to the end. A body that ends
 * cleanly after a fault would be a short file passed off as whole.
 */
export async function readAcrossFault(
  base: string,
  path: string,
  headers: Record<string, string>,
  pauseAfterBytes: number,
  whilePaused: () => Promise<void>,
  limitMs = 60_000,
): Promise<StreamRead> {
  const started = performance.now()
  const res = await fetch(base + path, { headers, signal: AbortSignal.timeout(limitMs) })
  const requestId = res.headers.get('X-Request-Id') ?? ''
  const reader = res.body!.getReader()
  let bytes = 0
  const chunks: Uint8Array[] = []
  let faulted = false
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done)
        return {
          status: res.status,
          requestId,
          bytes,
          body: Buffer.concat(chunks),
          ending: 'clean',
          error: null,
          faulted,
          ms: performance.now() - started,
        }
      bytes += value.byteLength
      chunks.push(value)
      if (!faulted && bytes >= pauseAfterBytes) {
        faulted = true
        await whilePaused()
      }
    }
  } catch (err) {
    return {
      status: res.status,
      requestId,
      bytes,
      body: Buffer.concat(chunks),
      ending: 'broken',
      error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
      faulted,
      ms: performance.now() - started,
    }
  }
}
