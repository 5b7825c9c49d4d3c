// A closed-loop driver: `concurrency` clients send the requests round-robin
// until `requests` have been answered, reading every body to the end, and the
// CPU of the measured processes is read before and after.
import { DEMO_CREDENTIALS } from '../db/demo-credentials.ts'
import { percentile } from '../load/stats.ts'
import { cpuMs } from './processes.ts'
import type { BenchRequest } from './requests.ts'

/**
 * What every benchmark request carries: the demo credentials, and no
 * compression — the local runtime gzips for a client that accepts it (the
 * Cloudflare edge does that in production, outside the Worker's CPU), the PHP
 * server does not, so both sides are asked for the plain body.
 */
export const REQUEST_HEADERS = {
  'X-Integration-Key': DEMO_CREDENTIALS.integrationKey,
  'X-Api-Key': DEMO_CREDENTIALS.apiKey,
  'Accept-Encoding': 'identity',
}

export interface Measured {
  /** The processes that serve (workerd / the PHP workers). */
  serving: number[]
  /** The database server. */
  database: number[]
}

export interface DriveResult {
  requests: number
  seconds: number
  statuses: Record<string, number>
  p50: number
  p95: number
  p99: number
  /** CPU ms per request of the serving processes. */
  servingCpuMs: number
  /** CPU ms per request of the database server. */
  databaseCpuMs: number
}

/** A drive's result with its latencies, so runs of the same requests can be merged. */
export interface DriveRun extends DriveResult {
  latencies: number[]
}

/** Several runs of the same requests as one: counts and CPU summed, percentiles over all latencies. */
export function mergeRuns(runs: readonly DriveRun[]): DriveResult {
  const latencies = runs.flatMap((run) => run.latencies)
  const requests = runs.reduce((n, run) => n + run.requests, 0)
  const statuses: Record<string, number> = {}
  for (const run of runs)
    for (const [status, count] of Object.entries(run.statuses))
      statuses[status] = (statuses[status] ?? 0) + count
  const perRequest = (pick: (run: DriveRun) => number) =>
    runs.reduce((sum, run) => sum + pick(run) * run.requests, 0) / requests
  return {
    requests,
    seconds: runs.reduce((sum, run) => sum + run.seconds, 0),
    statuses,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    servingCpuMs: perRequest((run) => run.servingCpuMs),
    databaseCpuMs: perRequest((run) => run.databaseCpuMs),
  }
}

export async function drive(
  baseUrl: string,
  requests: readonly BenchRequest[],
  options: { total: number; concurrency: number; measured: Measured; timeoutMs?: number },
): Promise<DriveRun> {
  const latencies: number[] = []
  const statuses: Record<string, number> = {}
  let next = 0
  const servingBefore = cpuMs(options.measured.serving)
  const databaseBefore = cpuMs(options.measured.database)
  const started = performance.now()
  async function client(): Promise<void> {
    while (next < options.total) {
      const request = requests[next++ % requests.length]!
      const sent = performance.now()
      let status: string
      try {
        const res = await fetch(baseUrl + request.path, {
          headers: REQUEST_HEADERS,
          signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
        })
        await res.arrayBuffer()
        status = String(res.status)
      } catch (err) {
        status = err instanceof Error && err.name === 'TimeoutError' ? 'timeout' : 'network-error'
      }
      latencies.push(performance.now() - sent)
      statuses[status] = (statuses[status] ?? 0) + 1
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, client))
  const seconds = (performance.now() - started) / 1000
  const n = latencies.length
  return {
    requests: n,
    seconds,
    statuses,
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    servingCpuMs: (cpuMs(options.measured.serving) - servingBefore) / n,
    databaseCpuMs: (cpuMs(options.measured.database) - databaseBefore) / n,
    latencies,
  }
}
