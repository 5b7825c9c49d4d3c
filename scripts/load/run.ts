// Drives a weighted request mix at a target with bounded concurrency, count
// and duration, and measures latency and errors per endpoint.
import type { LoadProfile, ProfileEndpoint } from './profile.ts'
import { seededRandom, summarise, type LatencySummary } from './stats.ts'

export interface RunOptions {
  target: string
  profile: LoadProfile
  /** Sent with every request (credentials come from the environment, never the profile). */
  headers?: Record<string, string>
  maxRequests?: number
  maxDurationSeconds?: number
  concurrency?: number
  seed?: number
  /** "today" for {{date:N}} placeholders (YYYY-MM-DD); default the real UTC date. */
  today?: string
  /** Local stacks only: a fresh X-Test-Rate-Namespace every N requests, so the hourly limit never trips. */
  rotateRateNamespaceEvery?: number
  fetch?: typeof fetch
  /** Called after every answered (or failed) request, e.g. to show progress. */
  onProgress?: (progress: LoadProgress) => void
}

export interface LoadProgress {
  requests: number
  errors: number
  elapsedSeconds: number
  /** How far the run is towards its first bound (request count or duration), 0…1. */
  fraction: number
}

export interface EndpointReport extends LatencySummary {
  name: string
  weight: number
  sharePercent: number
  legacyP50Ms?: number
  legacyP95Ms?: number
  statuses: Record<string, number>
}

export interface LoadReport {
  target: string
  profile: string
  requests: number
  durationSeconds: number
  throughputPerSecond: number
  overall: LatencySummary
  endpoints: EndpointReport[]
  stoppedBy: 'requests' | 'duration'
}

/** Expands {{date:N}}: the date N days from today, YYYY-MM-DD (UTC). */
export function expandPath(path: string, today: string): string {
  return path.replace(/\{\{date:(-?\d+)\}\}/g, (_, offset: string) => {
    const d = new Date(`${today}T00:00:00Z`)
    d.setUTCDate(d.getUTCDate() + Number(offset))
    return d.toISOString().slice(0, 10)
  })
}

function picker(endpoints: readonly ProfileEndpoint[], random: () => number): () => number {
  const total = endpoints.reduce((n, e) => n + e.weight, 0)
  let sum = 0
  const cumulative = endpoints.map((e) => (sum += e.weight / total))
  return () => {
    const r = random()
    const i = cumulative.findIndex((c) => r < c)
    return i < 0 ? endpoints.length - 1 : i
  }
}

export async function runLoad(options: RunOptions): Promise<LoadReport> {
  const { profile } = options
  const doFetch = options.fetch ?? fetch
  const maxRequests = Math.min(options.maxRequests ?? profile.maxRequests, profile.maxRequests)
  const maxMs =
    Math.min(options.maxDurationSeconds ?? profile.maxDurationSeconds, profile.maxDurationSeconds) * 1000
  const concurrency = Math.min(options.concurrency ?? profile.concurrency, profile.concurrency)
  const timeoutMs = profile.requestTimeoutMs ?? 10_000
  const today = options.today ?? new Date().toISOString().slice(0, 10)
  const base = options.target.replace(/\/$/, '')
  const next = picker(profile.endpoints, seededRandom(options.seed ?? 1))
  const runId = Math.random().toString(36).slice(2, 8)

  const latencies = profile.endpoints.map(() => [] as number[])
  const errors = profile.endpoints.map(() => 0)
  const statuses = profile.endpoints.map(() => ({}) as Record<string, number>)
  const started = performance.now()
  const deadline = started + maxMs
  let issued = 0
  let answered = 0
  let errorCount = 0
  let stoppedBy: LoadReport['stoppedBy'] = 'requests'

  async function one(index: number, sequence: number): Promise<void> {
    const endpoint = profile.endpoints[index]!
    const headers: Record<string, string> = { ...options.headers }
    if (options.rotateRateNamespaceEvery) {
      headers['X-Test-Rate-Namespace'] =
        `load-${runId}-${Math.floor(sequence / options.rotateRateNamespaceEvery)}`
    }
    const t0 = performance.now()
    let status: string
    try {
      const res = await doFetch(base + expandPath(endpoint.path, today), {
        headers,
        signal: AbortSignal.timeout(Math.ceil(Math.max(1, Math.min(timeoutMs, deadline - t0 + 1000)))),
      })
      await res.arrayBuffer()
      status = String(res.status)
    } catch (error) {
      status = error instanceof Error && error.name === 'TimeoutError' ? 'timeout' : 'network-error'
    }
    latencies[index]!.push(performance.now() - t0)
    statuses[index]![status] = (statuses[index]![status] ?? 0) + 1
    if (status !== String(endpoint.expectStatus ?? 200)) {
      errors[index]! += 1
      errorCount += 1
    }
    answered += 1
    if (options.onProgress) {
      const elapsedMs = performance.now() - started
      options.onProgress({
        requests: answered,
        errors: errorCount,
        elapsedSeconds: Math.round(elapsedMs / 1000),
        fraction: Math.max(answered / maxRequests, elapsedMs / maxMs),
      })
    }
  }

  async function worker(): Promise<void> {
    while (issued < maxRequests) {
      if (performance.now() >= deadline) {
        stoppedBy = 'duration'
        return
      }
      const sequence = issued++
      await one(next(), sequence)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))

  const durationSeconds = (performance.now() - started) / 1000
  const all = latencies.flat()
  const totalWeight = profile.endpoints.reduce((n, e) => n + e.weight, 0)
  return {
    target: base,
    profile: profile.name,
    requests: all.length,
    durationSeconds: Math.round(durationSeconds * 100) / 100,
    throughputPerSecond: Math.round((all.length / Math.max(durationSeconds, 0.001)) * 10) / 10,
    overall: summarise(
      all,
      errors.reduce((a, b) => a + b, 0),
    ),
    endpoints: profile.endpoints.map((e, i) => ({
      name: e.name,
      weight: e.weight,
      sharePercent: Math.round((e.weight / totalWeight) * 1000) / 10,
      ...(e.legacyP50Ms !== undefined ? { legacyP50Ms: e.legacyP50Ms } : {}),
      ...(e.legacyP95Ms !== undefined ? { legacyP95Ms: e.legacyP95Ms } : {}),
      ...summarise(latencies[i]!, errors[i]!),
      statuses: statuses[i]!,
    })),
    stoppedBy,
  }
}

/** Threshold breaches of a report against its profile (empty when within bounds). */
export function breaches(report: LoadReport, profile: LoadProfile): string[] {
  const out: string[] = []
  const t = profile.thresholds ?? {}
  if (t.errorRatePercent !== undefined && report.overall.errorRatePercent > t.errorRatePercent) {
    out.push(`error rate ${report.overall.errorRatePercent}% > ${t.errorRatePercent}%`)
  }
  if (t.p95Ms !== undefined && report.overall.p95Ms > t.p95Ms)
    out.push(`p95 ${report.overall.p95Ms} ms > ${t.p95Ms} ms`)
  return out
}
