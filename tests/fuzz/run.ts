// Runs a fuzz: generates the requests, sends each to the reference (if any)
// and then to the target with bounded concurrency, a deadline per request and
// one for the whole run, judges every answer, prints progress to stderr and
// returns the report.
import type { SpecOperation } from '../../parity/lib/contract/spec-operations.ts'
import { WINDOW_SIZE } from './clock.ts'
import { ROWS, type HeaderList } from './credentials.ts'
import { compare, confirmRewrite, type Agreement } from './differential.ts'
import { asTheWorkerSeesIt } from './front-end.ts'
import { createGenerator, type FuzzRequest } from './generate.ts'
import { judge, type Verdict } from './judge.ts'
import { isFailingAgreement, isFailingVerdict, newFinding, signatureOf, type FuzzReport } from './report.ts'
import { specRoutes } from './routing.ts'
import { destination, send, type Destination, type Outcome } from './send.ts'

export interface RunOptions {
  seed: number
  requests: number
  /** Only these request indices (replay of findings). */
  only?: number[]
  target: string
  reference?: string | null
  /** A label for the data both sides serve, copied into the report. */
  data?: string | null
  concurrency: number
  timeoutMs: number
  maxSeconds: number
  operations: SpecOperation[]
  /** The target's CORS_ALLOWED_ORIGINS (null: unknown, any 204 with the origin echoed passes). */
  corsOrigins: string[] | null
  /** The target's DOCS_URL for the byte-exact 410 (null: checked structurally). */
  docsUrl: string | null
  /** Makes this run's rate-limit namespaces fresh on a long-lived target. */
  runId: string
  progress?: (line: string) => void
  progressEveryMs?: number
  /** Extra words for the replay command of a finding. */
  replayArgs?: string
}

/** Headers that pin the clock and give fresh counters (see clock.ts). */
export function hookHeaders(now: string, runId: string, window: number): HeaderList {
  return [
    ['X-Test-Now', now],
    ['X-Test-Rate-Namespace', `fuzz-${runId}-w${window}`],
    ['X-Legacy-Now', now],
  ]
}

/**
 * Each request comes from an address of its own (198.18.0.0/15, the benchmarking range):
 * the Worker throttles an address after 10 failed authentications a minute (a documented
 * deviation a legitimate caller never meets, tested on its own in tests/worker/auth-memory),
 * and the fuzz sends thousands of bad credentials from one machine. The local runtime passes
 * CF-Connecting-IP through; Cloudflare sets it in production.
 */
export function clientAddressHeader(index: number): HeaderList {
  return [['CF-Connecting-IP', `198.${18 + ((index >> 16) & 1)}.${(index >> 8) & 255}.${index & 255}`]]
}

/** Does the side honour the pinned clock? The expired key is valid only before 2024-03-01. */
export async function probeHooks(to: Destination, runId: string, timeoutMs: number): Promise<boolean> {
  const outcome = await send(
    to,
    'GET',
    '/credentialscheck',
    [
      ['X-Integration-Key', ROWS.expired.integrationKey],
      ['X-Api-Key', ROWS.expired.apiKey],
      ...hookHeaders('2024-02-01T12:00:00.000Z', runId, -1),
    ],
    timeoutMs,
  )
  return outcome.ok && outcome.response.status === 200
}

function* batches(
  gen: ReturnType<typeof createGenerator>,
  total: number,
  only?: number[],
): Generator<FuzzRequest> {
  if (only) {
    for (const i of [...only].sort((a, b) => a - b)) yield* gen.requests(i, i + 1)
    return
  }
  for (let from = 0; from < total; from += WINDOW_SIZE)
    yield* gen.requests(from, Math.min(from + WINDOW_SIZE, total))
}

const bump = <K extends string>(counts: Partial<Record<K, number>>, key: K) => {
  counts[key] = (counts[key] ?? 0) + 1
}

export async function runFuzz(options: RunOptions): Promise<FuzzReport> {
  const startedAt = new Date()
  const started = performance.now()
  const deadline = started + options.maxSeconds * 1000
  const gen = createGenerator(options.seed, options.operations)
  const routes = specRoutes(options.operations)
  const target = destination(options.target, options.concurrency)
  const reference = options.reference ? destination(options.reference, options.concurrency) : null
  const hooks = {
    target: await probeHooks(target, options.runId, options.timeoutMs),
    reference: reference ? await probeHooks(reference, options.runId, options.timeoutMs) : null,
  }
  const total = options.only?.length ?? options.requests
  const report: FuzzReport = {
    tool: 'fuzz',
    version: 1,
    seed: options.seed,
    requested: total,
    target: options.target,
    reference: options.reference ?? null,
    data: options.data ?? null,
    startedAt: startedAt.toISOString(),
    seconds: 0,
    concurrency: options.concurrency,
    timeoutMs: options.timeoutMs,
    maxSeconds: options.maxSeconds,
    stoppedEarly: false,
    hooks,
    windows: { size: WINDOW_SIZE, count: 0, first: gen.instant(0) },
    summary: { sent: 0, serverErrors: 0, hangs: 0, transportErrors: 0, specViolations: 0, differences: 0 },
    verdicts: {},
    agreements: {},
    runtimeRewritten: 0,
    statuses: { target: {}, reference: {} },
    traits: {},
    slowestMs: { target: 0, reference: 0 },
    findings: [],
  }
  const bySignature = new Map<string, FuzzReport['findings'][number]>()
  const windows = new Set<number>()

  function record(
    request: FuzzRequest,
    now: string,
    kind: Verdict | Agreement,
    t: Outcome,
    ref: Outcome | null,
    detail: string,
    judgement: ReturnType<typeof judge>,
    comparison: ReturnType<typeof compare> | null,
  ) {
    const signature = signatureOf(request, kind, t, ref, detail)
    const known = bySignature.get(signature)
    if (known) {
      known.count++
      if (known.indices.length < 20) known.indices.push(request.index)
      return
    }
    const replay = `npm run fuzz -- --seed ${options.seed} --only ${request.index}${options.replayArgs ?? ''}`
    const finding = newFinding(
      { request, now, kind, target: t, reference: ref, judgement, comparison, replay },
      signature,
    )
    bySignature.set(signature, finding)
    report.findings.push(finding)
  }

  async function one(request: FuzzRequest): Promise<void> {
    const now = gen.instant(request.window)
    const headers = [...request.headers, ...hookHeaders(now, options.runId, request.window)]
    const ref = reference
      ? await send(reference, request.method, request.target, headers, options.timeoutMs)
      : null
    const t = await send(
      target,
      request.method,
      request.target,
      [...headers, ...clientAddressHeader(request.index)],
      options.timeoutMs,
    )
    const judgement = judge(request, t, routes, options.corsOrigins)
    let comparison = ref ? compare(request, ref, t, routes, options.docsUrl) : null
    const seen = comparison?.agreement === 'difference' ? asTheWorkerSeesIt(request) : null
    if (comparison && reference && seen) {
      const again = await send(
        reference,
        request.method,
        seen.target,
        [...seen.headers, ...hookHeaders(now, options.runId, request.window)],
        options.timeoutMs,
      )
      const asSeen = { ...request, target: seen.target, headers: seen.headers }
      comparison = confirmRewrite(comparison, asSeen, seen.agreement, again, t, routes, options.docsUrl)
    }

    const s = report.summary
    s.sent++
    windows.add(request.window)
    for (const trait of request.traits) report.traits[trait] = (report.traits[trait] ?? 0) + 1
    bump(report.verdicts, judgement.verdict)
    if (judgement.runtimeRewritten) report.runtimeRewritten++
    if (t.ok) {
      bump(report.statuses.target, String(t.response.status))
      report.slowestMs.target = Math.max(report.slowestMs.target, t.response.ms)
    }
    if (ref?.ok) {
      bump(report.statuses.reference, String(ref.response.status))
      report.slowestMs.reference = Math.max(report.slowestMs.reference, ref.response.ms)
    }
    if (judgement.verdict === 'server error') s.serverErrors++
    if (judgement.verdict === 'hang') s.hangs++
    if (judgement.verdict === 'transport') s.transportErrors++
    if (judgement.verdict === 'spec violation') s.specViolations++
    if (
      isFailingVerdict(judgement.verdict) ||
      judgement.verdict === 'platform' ||
      judgement.verdict === 'outage'
    )
      record(request, now, judgement.verdict, t, ref, judgement.problems[0] ?? '', judgement, comparison)
    if (comparison) {
      bump(report.agreements, comparison.agreement)
      if (isFailingAgreement(comparison.agreement)) s.differences++
      // A runtime refusal is already recorded as the spec judge's verdict.
      if (comparison.agreement !== 'same' && comparison.agreement !== 'platform') {
        const m = comparison.mismatches[0]
        const detail = m ? `${m.field} ${m.where ?? ''}` : (comparison.note ?? '')
        record(request, now, comparison.agreement, t, ref, detail, judgement, comparison)
      }
    }
  }

  const requests = batches(gen, options.requests, options.only)
  let lastProgress = performance.now()
  const progress = () => {
    const s = report.summary
    const elapsed = (performance.now() - started) / 1000
    const rate = s.sent / Math.max(elapsed, 0.001)
    const eta = rate > 0 ? Math.round((total - s.sent) / rate) : 0
    options.progress?.(
      `fuzz: ${s.sent}/${total} sent in ${Math.round(elapsed)} s (${rate.toFixed(1)}/s, eta ${eta} s): ` +
        `${s.serverErrors} 5xx, ${s.hangs} hangs, ${s.transportErrors} transport, ${s.specViolations} spec violations` +
        (reference ? `, ${s.differences} differences` : ''),
    )
  }
  async function worker(): Promise<void> {
    for (let next = requests.next(); !next.done; next = requests.next()) {
      if (performance.now() > deadline) {
        report.stoppedEarly = true
        return
      }
      await one(next.value)
      if (performance.now() - lastProgress >= (options.progressEveryMs ?? 5000)) {
        lastProgress = performance.now()
        progress()
      }
    }
  }
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker))
  } finally {
    target.agent.destroy()
    reference?.agent.destroy()
  }
  progress()
  report.windows.count = windows.size
  report.seconds = Math.round((performance.now() - started) / 100) / 10
  report.findings.sort((a, b) => b.count - a.count)
  return report
}
