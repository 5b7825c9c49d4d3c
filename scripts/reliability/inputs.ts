// The JSON reports docs/reliability.md is generated from (docs/reliability/).
// The fuzz reports are written by `npm run fuzz -- --report`; the other three
// are written by the tools of issue 13's remaining items (failed-auth cost,
// fault injection, load with faults) in the shapes below. A missing file
// leaves a marked placeholder in the doc; a malformed one is an error.
import type { FuzzReport } from '../../tests/fuzz/report.ts'

/** The fuzz runs, in the order the doc lists them. */
export const FUZZ_RUNS = [
  { file: 'fuzz-worker.json', title: 'Worker alone (spec judge)' },
  { file: 'fuzz-php-demo.json', title: 'vs the PHP reference, demo seed' },
  { file: 'fuzz-php-seed2.json', title: 'vs the PHP reference, generated seed 2' },
] as const

/** Failed-auth cost: one client sending only failing credentials. */
export interface AuthCostReport {
  /** How it was measured (command, client, key mix). */
  method: string
  rows: {
    /** e.g. "before (main @ 3c05392)", "after". */
    label: string
    failedRequests: number
    /** Console-database lookups per failed request, after the first few. */
    dbLookupsPerRequest: number
    kvWritesPerRequest?: number
    cpuMsPerRequest?: number
    requestsPerSecond?: number
  }[]
}

/** The fault-injection table: what the client sees and what is logged. */
export interface FaultsReport {
  method: string
  rows: { fault: string; when: string; clientSees: string; logged: string; test: string }[]
}

/** The load run at c=16 mixed with faults. */
export interface LoadReport {
  method: string
  concurrency: number
  seconds: number
  requests: number
  statuses: Record<string, number>
  latencyMs: { p50: number; p95: number; p99: number; max: number }
  faults: { fault: string; fromSecond: number; toSecond: number }[]
  notes?: string[]
}

export interface ReliabilityInputs {
  fuzz: { title: string; file: string; report: FuzzReport | null }[]
  authCost: AuthCostReport | null
  faults: FaultsReport | null
  load: LoadReport | null
}

export const LEAD_FILES = { authCost: 'auth-cost.json', faults: 'faults.json', load: 'load.json' } as const
