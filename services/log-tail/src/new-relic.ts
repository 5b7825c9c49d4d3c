// POST one batch to the New Relic Logs API, retrying what can succeed later
// (network errors, timeouts, 408, 429, 5xx) with exponential backoff and
// jitter. Never throws: the caller gets an outcome to act on.

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>

export interface RetryPolicy {
  attempts: number
  baseDelayMs: number
  maxDelayMs: number
  timeoutMs: number
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 4,
  baseDelayMs: 250,
  maxDelayMs: 4_000,
  timeoutMs: 5_000,
}

export interface PostDeps {
  fetch: FetchLike
  sleep: (ms: number) => Promise<void>
  random: () => number
}

/** delivered; rejected = New Relic refused it for good (retrying cannot help); failed = still failing after retries. */
export type PostOutcome =
  | { kind: 'delivered'; attempts: number }
  | { kind: 'rejected'; status: number }
  | { kind: 'failed'; attempts: number; reason: string }

const retryable = (status: number) => status === 408 || status === 429 || status >= 500

export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1))
  return Math.round(ceiling / 2 + (random() * ceiling) / 2)
}

export async function postBatch(
  url: string,
  licenseKey: string,
  body: string,
  deps: PostDeps,
  policy: RetryPolicy = DEFAULT_RETRY,
): Promise<PostOutcome> {
  let reason = ''
  for (let attempt = 1; attempt <= policy.attempts; attempt++) {
    try {
      const res = await deps.fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Api-Key': licenseKey },
        body,
        signal: AbortSignal.timeout(policy.timeoutMs),
      })
      await res.body?.cancel()
      if (res.ok) return { kind: 'delivered', attempts: attempt }
      if (!retryable(res.status)) return { kind: 'rejected', status: res.status }
      reason = `HTTP ${res.status}`
    } catch (error) {
      reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    }
    if (attempt < policy.attempts) await deps.sleep(backoffMs(attempt, policy, deps.random))
  }
  return { kind: 'failed', attempts: policy.attempts, reason }
}
