// The fuzz run's JSON report: what was sent, how every answer was judged, and
// each distinct failure once (with how often it happened and how to replay
// it). docs/reliability.md is generated from these reports.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { bodyKind, decodeBody } from '../../src/shadow/body-text.ts'
import type { Mismatch } from '../../parity/lib/verdict-types.ts'
import type { Agreement, Comparison } from './differential.ts'
import type { FuzzRequest } from './generate.ts'
import type { Judgement, Verdict } from './judge.ts'
import type { Observed, Outcome } from './send.ts'

export interface ResponseSummary {
  status: number
  contentType: string
  bytes: number
  /** The start of the body as text (UTF-16LE decoded for CSV). */
  body: string
}

export interface Finding {
  signature: string
  kind: Verdict | Agreement
  count: number
  /** Indices of the first requests that showed it (replay with --only). */
  indices: number[]
  request: {
    index: number
    method: string
    /** The raw target, cut at 600 characters (targetLength says how long it was; `replay` sends it whole). */
    target: string
    targetLength: number
    headers: [string, string | string[]][]
    now: string
    traits: string[]
  }
  target: ResponseSummary | { error: string }
  reference?: ResponseSummary | { error: string }
  problems: string[]
  mismatches: Omit<Mismatch, 'body'>[]
  note?: string
  replay: string
}

export interface FuzzSummary {
  sent: number
  serverErrors: number
  hangs: number
  transportErrors: number
  specViolations: number
  /** Answers that differ from the reference and no documented rule explains. */
  differences: number
}

export interface FuzzReport {
  tool: 'fuzz'
  version: 1
  seed: number
  requested: number
  target: string
  reference: string | null
  /** What data both sides served (e.g. "demo seed"), as given with --data. */
  data: string | null
  startedAt: string
  seconds: number
  concurrency: number
  timeoutMs: number
  maxSeconds: number
  stoppedEarly: boolean
  /** Whether each side honoured the pinned clock (probe before the run). */
  hooks: { target: boolean; reference: boolean | null }
  windows: { size: number; count: number; first: string }
  summary: FuzzSummary
  verdicts: Partial<Record<Verdict, number>>
  agreements: Partial<Record<Agreement, number>>
  runtimeRewritten: number
  statuses: { target: Record<string, number>; reference: Record<string, number> }
  traits: Record<string, number>
  slowestMs: { target: number; reference: number }
  findings: Finding[]
}

const FAILING_VERDICTS: readonly Verdict[] = ['server error', 'hang', 'transport', 'spec violation']
const FAILING_AGREEMENTS: readonly Agreement[] = ['difference']
export const isFailingVerdict = (v: Verdict) => FAILING_VERDICTS.includes(v)
export const isFailingAgreement = (a: Agreement) => FAILING_AGREEMENTS.includes(a)

export function summarise(o: Observed): ResponseSummary {
  const text = bodyKind(o.contentType) === 'csv' ? decodeBody(o.body, o.contentType) : o.body.toString('utf8')
  return { status: o.status, contentType: o.contentType, bytes: o.body.length, body: text.slice(0, 300) }
}

const outcomeSummary = (o: Outcome) => (o.ok ? summarise(o.response) : { error: o.error })

/** The error message of a legacy envelope in any format, or a short stand-in. */
function messageOf(o: Outcome): string {
  if (!o.ok) return o.hang ? 'hang' : 'transport'
  const text = summarise(o.response).body
  const m =
    /"error":"((?:[^"\\]|\\.)*)"/.exec(text) ??
    /<error>([^<]*)<\/error>/.exec(text) ??
    /^status,error\n,"?([^"\n]*)/.exec(text)
  return m ? m[1]! : o.response.body.length === 0 ? 'empty' : 'body'
}

const shape = (text: string) => text.replace(/\d+/g, 'N').slice(0, 100)

export function signatureOf(
  request: FuzzRequest,
  kind: Verdict | Agreement,
  target: Outcome,
  reference: Outcome | null,
  detail: string,
): string {
  const method = request.method === 'GET' ? 'GET' : 'other method'
  const side = (o: Outcome) =>
    o.ok ? `${o.response.status} ${o.response.contentType || '(none)'} "${messageOf(o)}"` : messageOf(o)
  return [kind, method, reference ? side(reference) : null, side(target), shape(detail)]
    .filter((p) => p !== null)
    .join(' | ')
}

export interface FindingInput {
  request: FuzzRequest
  now: string
  kind: Verdict | Agreement
  target: Outcome
  reference: Outcome | null
  judgement: Judgement
  comparison: Comparison | null
  replay: string
}

const MAX_TARGET = 600
const clipHeader = (v: string) => (v.length > 200 ? `${v.slice(0, 200)}… (${v.length} chars)` : v)

export function newFinding(input: FindingInput, signature: string): Finding {
  const { request } = input
  return {
    signature,
    kind: input.kind,
    count: 1,
    indices: [request.index],
    request: {
      index: request.index,
      method: request.method,
      target: request.target.slice(0, MAX_TARGET),
      targetLength: request.target.length,
      headers: request.headers.map(([n, v]) => [n, Array.isArray(v) ? v.map(clipHeader) : clipHeader(v)]),
      now: input.now,
      traits: request.traits,
    },
    target: outcomeSummary(input.target),
    ...(input.reference ? { reference: outcomeSummary(input.reference) } : {}),
    problems: input.judgement.problems,
    mismatches: (input.comparison?.mismatches ?? []).map(({ body: _body, ...rest }) => rest),
    ...(input.comparison?.note ? { note: input.comparison.note } : {}),
    replay: input.replay,
  }
}

/**
 * One file per distinct failure (a difference from the reference, a 5xx, a
 * hang, a transport error, a spec violation) in `dir`. Everything else the
 * run saw (documented deviations, what the Worker cannot match, the runtime's
 * own answers) stays in the report.
 */
export function writeFindings(dir: string, report: FuzzReport): string[] {
  mkdirSync(dir, { recursive: true })
  const findings = report.findings.filter(
    (f) => isFailingAgreement(f.kind as Agreement) || isFailingVerdict(f.kind as Verdict),
  )
  return findings.map((f, i) => {
    const file = join(dir, `${String(i + 1).padStart(2, '0')}-${f.kind.replace(/[^a-z0-9]+/gi, '-')}.json`)
    writeFileSync(
      file,
      JSON.stringify(
        { seed: report.seed, targetUrl: report.target, referenceUrl: report.reference, ...f },
        null,
        2,
      ) + '\n',
    )
    return file
  })
}

export function summaryLine(report: FuzzReport): string {
  const s = report.summary
  const diff = report.reference ? `, ${s.differences} differences from the reference` : ''
  return `fuzz: ${s.sent} requests (seed ${report.seed}) in ${report.seconds} s: ${s.serverErrors} 5xx, ${s.hangs} hangs, ${s.transportErrors} transport errors, ${s.specViolations} spec violations${diff}`
}
