// Sends fuzz cases to a running Worker with bounded concurrency and a
// per-request timeout, and collects every contract violation.
import type { FuzzCase } from './cases.ts'
import { violations } from '../../parity/lib/contract/conformance.ts'

export interface FuzzOptions {
  baseUrl: string
  concurrency?: number
  timeoutMs?: number
  /** Pinned clock for the requests that carry the test hooks. */
  now?: string
  /** A fresh X-Test-Rate-Namespace every this many hooked requests. */
  namespaceEvery?: number
}

export interface FuzzFailure {
  operationId: string
  label: string
  target: string
  problems: string[]
}

export interface FuzzSummary {
  tried: number
  byStatus: Record<string, number>
  failures: FuzzFailure[]
  hangs: number
  serverErrors: number
  seconds: number
}

export async function runFuzz(cases: readonly FuzzCase[], options: FuzzOptions): Promise<FuzzSummary> {
  const timeoutMs = options.timeoutMs ?? 15_000
  const namespaceEvery = options.namespaceEvery ?? 40
  const run = Math.random().toString(36).slice(2, 8)
  const summary: FuzzSummary = { tried: 0, byStatus: {}, failures: [], hangs: 0, serverErrors: 0, seconds: 0 }
  const started = performance.now()
  let next = 0

  async function send(index: number): Promise<void> {
    const c = cases[index]!
    const headers: Record<string, string> = { ...c.headers }
    if (c.hooks) {
      headers['X-Test-Now'] = options.now ?? '2024-03-15T14:05:00Z'
      headers['X-Test-Rate-Namespace'] = `fuzz-${run}-${Math.floor(index / namespaceEvery)}`
    }
    let problems: string[]
    try {
      const res = await fetch(options.baseUrl + c.target, {
        method: c.operation.method,
        headers,
        signal: AbortSignal.timeout(timeoutMs),
      })
      const body = new Uint8Array(await res.arrayBuffer())
      summary.byStatus[res.status] = (summary.byStatus[res.status] ?? 0) + 1
      if (res.status >= 500) summary.serverErrors++
      problems = violations(c.operation, {
        status: res.status,
        contentType: res.headers.get('content-type') ?? '',
        body,
      })
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError'
      if (timedOut) summary.hangs++
      problems = [
        timedOut ? `no answer within ${timeoutMs} ms` : `request failed: ${(error as Error).message}`,
      ]
    }
    summary.tried++
    if (problems.length > 0) {
      summary.failures.push({
        operationId: c.operation.operationId,
        label: c.label,
        target: c.target.slice(0, 160),
        problems,
      })
    }
  }

  async function worker(): Promise<void> {
    while (next < cases.length) await send(next++)
  }
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker))
  summary.seconds = Math.round((performance.now() - started) / 100) / 10
  return summary
}

export function describeFailures(summary: FuzzSummary, max = 25): string {
  return summary.failures
    .slice(0, max)
    .map((f) => `${f.operationId} [${f.label}] GET ${f.target}\n    ${f.problems.join('\n    ')}`)
    .join('\n')
}
