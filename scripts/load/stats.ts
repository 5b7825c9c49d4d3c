// Latency statistics of a load run.

/** Nearest-rank percentile (p in 0..100) of unsorted samples; 0 for none. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return 0
  const sorted = [...samples].sort((a, b) => a - b)
  const rank = Math.ceil((p / 100) * sorted.length)
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!
}

export interface LatencySummary {
  count: number
  errors: number
  errorRatePercent: number
  p50Ms: number
  p95Ms: number
  p99Ms: number
}

export function summarise(latencies: readonly number[], errors: number): LatencySummary {
  const count = latencies.length
  const round = (n: number) => Math.round(n * 10) / 10
  return {
    count,
    errors,
    errorRatePercent: count === 0 ? 0 : round((errors / count) * 100),
    p50Ms: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    p99Ms: round(percentile(latencies, 99)),
  }
}

/** Deterministic PRNG (mulberry32) so a given seed always sends the same mix. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}
