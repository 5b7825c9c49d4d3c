// The demo request mix at a fixed concurrency for a few minutes (the load
// driver of scripts/load/), with faults injected at known times: database
// connections killed, the database stopped and started again, the rate
// limiter's Durable Object failing, the database slowed by a table lock past
// the request deadline. Every request is kept (when it started, how long it
// took, its status, whether a 200 body is byte-identical to the healthy
// answer to the same request), and summarised per phase: statuses, p50/p95,
// any 5xx other than 503/504, any request past the deadline and a margin,
// broken and wrong bodies, and how soon the stack answered healthily again.
import { createHash } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { DEMO_CREDENTIALS } from '../db/demo-credentials.ts'
import { loadProfile, parseProfile } from '../load/profile.ts'
import { expandPath, runLoad } from '../load/run.ts'
import { percentile } from '../load/stats.ts'
import type { FaultStack } from './fault-stack.ts'
import type { LogBook } from './log-book.ts'
import { describeLogs } from './observations.ts'
import { killConnection, lockTable, processesFrom } from './server-watch.ts'

const PROFILE = fileURLToPath(new URL('../load/profiles/production-p50-p95.json', import.meta.url))
/** The demo data ends here: the profile's "last 30 days" are read relative to it. */
export const DEMO_TODAY = '2024-03-31'
/** src/pipeline/databases.ts REQUEST_DB_BUDGET_MS, and the margin past it that counts as a hang. */
const BUDGET_MS = 15_000
const HANG_MARGIN_MS = 5_000
/** Longest a client waits for an answer (then the request counts as a timeout). */
const CLIENT_TIMEOUT_MS = 30_000

/** How the database is stopped and started for the restart phase. */
export interface DatabaseRestart {
  /** Words for the report. */
  how: string
  stop(): Promise<void>
  start(): Promise<void>
}

export interface LoadOptions {
  stack: FaultStack
  concurrency: number
  /** The whole run; the schedule's times scale with it (SCHEDULED_SECONDS: as written). */
  seconds: number
  restart: DatabaseRestart
  log: (line: string) => void
}

interface Phase {
  name: string
  /** What is injected (empty: nothing, a recovery or the baseline). */
  fault: string
  fromS: number
  toS: number
  /** Runs for the phase; resolves when it has undone its fault. */
  inject?: (phase: Phase, stop: () => boolean, options: LoadOptions) => Promise<void>
  /** Header every request of the phase carries (the fault entry's per-request faults). */
  header?: Record<string, string>
  /** When the fault was undone (seconds into the run). */
  undoneAtS?: number
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The schedule as written is for a run this long; a shorter or longer run scales every time in it. */
const SCHEDULED_SECONDS = 185

/** The schedule, scaled to a run of `seconds`. */
function schedule(restartHow: string, seconds: number): Phase[] {
  const scale = seconds / SCHEDULED_SECONDS
  const phases: Phase[] = [
    { name: 'baseline', fault: '', fromS: 0, toS: 30 },
    {
      name: 'connection kills',
      fault: 'KILL <id> of every connection the stack holds, every 2 s',
      fromS: 30,
      toS: 50,
      inject: async (phase, over, { stack }) => {
        while (!over()) {
          for (const p of await processesFrom(stack.proxy.upstreamPorts())) {
            await killConnection(p.id).catch(() => undefined)
          }
          await sleep(2_000)
        }
      },
    },
    { name: 'after the kills', fault: '', fromS: 50, toS: 65 },
    {
      name: 'database restart',
      fault: `${restartHow}: down 10 s, then started again`,
      fromS: 65,
      toS: 95,
      inject: async (phase, over, { restart }) => {
        await restart.stop()
        await sleep(10_000 * scale)
        await restart.start()
      },
    },
    { name: 'after the restart', fault: '', fromS: 95, toS: 110 },
    {
      name: 'rate limiter down',
      fault: 'every RateLimiter call rejects (X-Test-Fault: rate-limiter-down)',
      fromS: 110,
      toS: 130,
      header: { 'X-Test-Fault': 'rate-limiter-down' },
    },
    { name: 'after the limiter', fault: '', fromS: 130, toS: 140 },
    {
      name: 'database slow',
      fault: 'LOCK TABLES daily_kpi WRITE held 20 s (readers wait past the 15 s deadline)',
      fromS: 140,
      toS: 162,
      inject: async (phase, over, { stack }) => {
        const lock = await lockTable(stack.databases.aggregate, 'daily_kpi')
        await sleep(20_000 * scale)
        await lock.release()
      },
    },
    { name: 'after the lock', fault: '', fromS: 162, toS: SCHEDULED_SECONDS },
  ]
  return phases.map((phase) => ({ ...phase, fromS: phase.fromS * scale, toS: phase.toS * scale }))
}

export interface RequestRecord {
  endpoint: string
  /** Seconds after the run started. */
  startS: number
  ms: number
  /** The HTTP status, or 'broken' (the body read failed) or 'timeout'. */
  status: string
  /** For a 200: whether the body equals the healthy answer to the same request. */
  healthyBody: boolean | null
  phase: string
  /** Body bytes received. */
  bytes: number
  requestId: string
}

/** A request that did not get the healthy answer, with what the stack logged for it. */
export interface UnhealthyExample {
  endpoint: string
  atS: number
  ms: number
  status: string
  bytes: number
  healthyBytes: number
  logged: string
}

export interface PhaseReport {
  name: string
  fault: string
  fromS: number
  toS: number
  requests: number
  statuses: Record<string, number>
  p50Ms: number
  p95Ms: number
  /** 5xx answers other than the documented 503/504. */
  other5xx: number
  /** Answers (or none) past the deadline and the margin. */
  pastDeadline: number
  brokenBodies: number
  /** 200 answers whose body differs from the healthy answer (a clean short body, an empty list …). */
  wrong200: number
  /** Requests that did not get the healthy answer (in a phase without a fault: none, once recovered). */
  unhealthy: number
  /** For a fault: seconds from undoing it until the last answer it spoilt (null: none after it was undone). */
  spoiltUntilS: number | null
  /** Some of them (the first few of each kind), with their logs. */
  examples: UnhealthyExample[]
}

export interface LoadReport {
  concurrency: number
  seconds: number
  today: string
  restart: string
  requests: number
  /** The whole run: every status, and the latency of every answered request. */
  statuses: Record<string, number>
  latencyMs: { p50: number; p95: number; p99: number; max: number }
  /** When each fault was injected and undone (seconds into the run). */
  faults: { fault: string; fromSecond: number; toSecond: number }[]
  phases: PhaseReport[]
  /** Per endpoint: the healthy body's size. */
  healthyBytes: Record<string, number>
}

const sha = (bytes: Uint8Array) => createHash('sha1').update(bytes).digest('hex')

const EXAMPLES_PER_KIND = 3

function countStatuses(records: RequestRecord[]): Record<string, number> {
  const statuses: Record<string, number> = {}
  for (const r of records) statuses[r.status] = (statuses[r.status] ?? 0) + 1
  return statuses
}

/** Durations of the requests that got an answer (a status, whatever it was). */
const answeredMs = (records: RequestRecord[]) =>
  records.filter((r) => /^\d+$/.test(r.status)).map((r) => r.ms)

function examplesOf(
  unhealthy: RequestRecord[],
  healthyBytes: Map<string, number>,
  logs: LogBook,
): UnhealthyExample[] {
  const byKind = new Map<string, RequestRecord[]>()
  for (const r of unhealthy) {
    const kind = `${r.endpoint} ${r.status}`
    const list = byKind.get(kind) ?? []
    if (list.length < EXAMPLES_PER_KIND) list.push(r)
    byKind.set(kind, list)
  }
  return [...byKind.values()].flat().map((r) => ({
    endpoint: r.endpoint,
    atS: r.startS,
    ms: r.ms,
    status: r.status,
    bytes: r.bytes,
    healthyBytes: healthyBytes.get(r.endpoint) ?? 0,
    logged: r.requestId ? describeLogs(logs, r.requestId) : '(no request id)',
  }))
}

/** How long after a fault was undone its last spoilt answer came (null: none came after). */
function spoiltUntil(phase: Phase, unhealthy: RequestRecord[]): number | null {
  if (phase.undoneAtS === undefined || unhealthy.length === 0) return null
  const lastEnd = Math.max(...unhealthy.map((r) => r.startS + r.ms / 1000))
  return lastEnd <= phase.undoneAtS ? null : Math.round((lastEnd - phase.undoneAtS) * 10) / 10
}

/**
 * A request belongs to the first fault it overlapped (it may have started just before it, or
 * still be waiting when it was undone), else to the phase it started in: a phase without a fault
 * holds only requests no fault could touch.
 */
function attribute(records: RequestRecord[], phases: Phase[]): void {
  const faults = phases.filter((p) => p.fault !== '')
  for (const r of records) {
    const endS = r.startS + r.ms / 1000
    const overlapped = faults.find((p) => r.startS < (p.undoneAtS ?? p.toS) && endS > p.fromS)
    r.phase = (overlapped ?? phases.findLast((p) => r.startS >= p.fromS) ?? phases[0]!).name
  }
}

function summarise(
  phase: Phase,
  records: RequestRecord[],
  healthyBytes: Map<string, number>,
  logs: LogBook,
): PhaseReport {
  const mine = records.filter((r) => r.phase === phase.name)
  const statuses = countStatuses(mine)
  const answered = answeredMs(mine)
  const unhealthy = mine.filter((r) => !(r.status === '200' && r.healthyBody === true))
  const round = (n: number) => Math.round(n)
  return {
    name: phase.name,
    fault: phase.fault,
    fromS: round(phase.fromS),
    toS: round(phase.toS),
    requests: mine.length,
    statuses,
    p50Ms: round(percentile(answered, 50)),
    p95Ms: round(percentile(answered, 95)),
    other5xx: mine.filter((r) => /^5\d\d$/.test(r.status) && r.status !== '503' && r.status !== '504').length,
    pastDeadline: mine.filter((r) => r.ms > BUDGET_MS + HANG_MARGIN_MS || r.status === 'timeout').length,
    brokenBodies: mine.filter((r) => r.status === 'broken').length,
    wrong200: mine.filter((r) => r.status === '200' && r.healthyBody === false).length,
    unhealthy: unhealthy.length,
    spoiltUntilS: spoiltUntil(phase, unhealthy),
    examples: examplesOf(unhealthy, healthyBytes, logs),
  }
}

export async function runLoadWithFaults(options: LoadOptions): Promise<LoadReport> {
  const { stack, log } = options
  const phases = schedule(options.restart.how, options.seconds)
  const base = loadProfile(PROFILE)
  const profile = parseProfile({
    ...base,
    concurrency: options.concurrency,
    maxRequests: 1_000_000,
    maxDurationSeconds: options.seconds,
    requestTimeoutMs: CLIENT_TIMEOUT_MS,
  })
  const auth = { 'X-Integration-Key': DEMO_CREDENTIALS.integrationKey, 'X-Api-Key': DEMO_CREDENTIALS.apiKey }

  // The healthy answer to every request of the mix, before any fault.
  const healthy = new Map<string, { endpoint: string; sha: string; bytes: number }>()
  for (const endpoint of profile.endpoints) {
    const path = expandPath(endpoint.path, DEMO_TODAY)
    const res = await fetch(stack.url + path, { headers: auth })
    const body = new Uint8Array(await res.arrayBuffer())
    if (res.status !== 200) throw new Error(`healthy answer to ${path}: ${res.status}`)
    healthy.set(path, { endpoint: endpoint.name, sha: sha(body), bytes: body.byteLength })
  }

  const records: RequestRecord[] = []
  const started = performance.now()
  const nowS = () => (performance.now() - started) / 1000
  const phaseAt = (s: number) => phases.findLast((p) => s >= p.fromS) ?? phases[0]!

  const recordingFetch: typeof fetch = async (input, init) => {
    const url = new URL(String(input))
    const path = url.pathname + url.search
    const startS = nowS()
    const phase = phaseAt(startS)
    const headers = new Headers(init?.headers)
    for (const [name, value] of Object.entries(phase.header ?? {})) headers.set(name, value)
    const record: RequestRecord = {
      endpoint: healthy.get(path)?.endpoint ?? path,
      startS: Math.round(startS * 1000) / 1000,
      ms: 0,
      status: 'broken',
      healthyBody: null,
      phase: phase.name,
      bytes: 0,
      requestId: '',
    }
    try {
      // Our own bound, not the driver's: a request in flight when the run ends is still waited for.
      const res = await fetch(input, { headers, signal: AbortSignal.timeout(CLIENT_TIMEOUT_MS) })
      record.status = String(res.status)
      record.requestId = res.headers.get('X-Request-Id') ?? ''
      const body = new Uint8Array(await res.arrayBuffer())
      record.bytes = body.byteLength
      if (res.status === 200) record.healthyBody = sha(body) === healthy.get(path)?.sha
      return new Response(body, { status: res.status, headers: res.headers })
    } catch (err) {
      record.status = err instanceof Error && err.name === 'TimeoutError' ? 'timeout' : 'broken'
      throw err
    } finally {
      record.ms = Math.round((nowS() - startS) * 1000)
      records.push(record)
    }
  }

  const injections = phases
    .filter((p) => p.inject)
    .map(async (phase) => {
      await sleep(phase.fromS * 1000 - (performance.now() - started))
      log(`faults: ${Math.round(nowS())} s: ${phase.name}`)
      await phase.inject!(phase, () => nowS() >= phase.toS, options)
      phase.undoneAtS = nowS()
      log(`faults: ${Math.round(nowS())} s: ${phase.name} undone`)
    })
  // A header fault is undone when its phase ends.
  for (const phase of phases) if (phase.header) phase.undoneAtS = phase.toS
  let lastShown = 0
  const load = runLoad({
    target: stack.url,
    profile,
    headers: auth,
    concurrency: options.concurrency,
    today: DEMO_TODAY,
    rotateRateNamespaceEvery: 100,
    fetch: recordingFetch,
    onProgress: (p) => {
      if (p.elapsedSeconds >= lastShown + 15) {
        lastShown = p.elapsedSeconds
        log(`faults: load ${p.elapsedSeconds} s, ${p.requests} requests, ${p.errors} not 200`)
      }
    },
  })
  await Promise.all([load, ...injections])
  // The request lines of the last answers arrive just after them.
  await sleep(1_000)
  attribute(records, phases)
  const healthyBytes = new Map([...healthy.values()].map((h) => [h.endpoint, h.bytes]))
  return {
    concurrency: options.concurrency,
    seconds: options.seconds,
    today: DEMO_TODAY,
    restart: options.restart.how,
    requests: records.length,
    statuses: countStatuses(records),
    latencyMs: {
      p50: Math.round(percentile(answeredMs(records), 50)),
      p95: Math.round(percentile(answeredMs(records), 95)),
      p99: Math.round(percentile(answeredMs(records), 99)),
      max: Math.max(0, ...answeredMs(records)),
    },
    faults: phases
      .filter((p) => p.fault !== '')
      .map((p) => ({
        fault: `${p.name}: ${p.fault}`,
        fromSecond: Math.round(p.fromS),
        toSecond: Math.round(p.undoneAtS ?? p.toS),
      })),
    phases: phases.map((phase) => summarise(phase, records, healthyBytes, stack.logs)),
    healthyBytes: Object.fromEntries([...healthy.values()].map((h) => [h.endpoint, h.bytes])),
  }
}
