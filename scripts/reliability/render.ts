// Renders docs/reliability.md from the reports (inputs.ts). Pure: the same
// reports always give the same bytes, so a test can hold the committed doc to
// its inputs.
import type { Finding, FuzzReport } from '../../tests/fuzz/report.ts'
import {
  LEAD_FILES,
  type AuthCostReport,
  type FaultsReport,
  type LoadReport,
  type ReliabilityInputs,
} from './inputs.ts'

const cell = (v: unknown) => String(v).replace(/\|/g, '\\|').replace(/\n/g, ' ')
const row = (cells: unknown[]) => `| ${cells.map(cell).join(' | ')} |`
const table = (head: string[], rows: unknown[][]) =>
  [row(head), `|${head.map(() => '---').join('|')}|`, ...rows.map(row)].join('\n')

const FAILING = ['difference', 'server error', 'hang', 'transport', 'spec violation']
const DOCUMENTED = [
  'cors preflight',
  'retired format (410 deviation)',
  'worker-only route',
  'preflight content type',
] as const
const UNMATCHABLE = [
  'runtime-rewritten URL',
  'reference artifact: php -S parsing',
  'reference error',
  'reference unavailable',
] as const

function count(report: FuzzReport, kinds: readonly string[]): number {
  const all = { ...report.agreements, ...report.verdicts } as Record<string, number | undefined>
  return kinds.reduce((sum, k) => sum + (all[k] ?? 0), 0)
}

function placeholder(file: string, what: string, shape: string): string {
  return [
    `> **Not measured yet.** ${what} Write \`docs/reliability/${file}\` (shape: \`${shape}\` in`,
    '> `scripts/reliability/inputs.ts`) and run `npm run reliability`.',
  ].join('\n')
}

function fuzzSummary(inputs: ReliabilityInputs): string {
  const rows = inputs.fuzz.map(({ title, report: r }) =>
    r
      ? [
          title,
          r.data ?? '—',
          r.seed,
          r.summary.sent,
          r.summary.serverErrors,
          r.summary.hangs,
          r.summary.transportErrors,
          r.summary.specViolations,
          r.reference ? r.summary.differences : 'n/a',
          count(r, DOCUMENTED),
          r.reference ? count(r, UNMATCHABLE) : `n/a (${r.runtimeRewritten} URLs rewritten by the runtime)`,
          count(r, ['platform']),
          r.seconds,
        ]
      : [title, 'not run yet', '', '', '', '', '', '', '', '', '', '', ''],
  )
  return table(
    [
      'run',
      'data',
      'seed',
      'requests',
      '5xx',
      'hangs',
      'transport errors',
      'spec violations',
      'byte differences',
      'documented deviations',
      'cannot match (see below)',
      'runtime refusals',
      'seconds',
    ],
    rows,
  )
}

/** Where a failure differs; why anything else is not the Worker's doing. */
function why(f: Finding): string {
  const where = f.mismatches.find((m) => m.where !== undefined)?.where
  const reason = f.note ?? f.problems[0]
  const text = FAILING.includes(f.kind) ? (where ?? reason) : (reason ?? where)
  return text?.slice(0, 100) ?? ''
}

function findingCells(f: Finding): unknown[] {
  const ref = f.reference && 'status' in f.reference ? `${f.reference.status} → ` : ''
  const target = 'status' in f.target ? f.target.status : f.target.error
  const more = f.request.targetLength > 90 ? `… (${f.request.targetLength} chars)` : ''
  return [
    f.kind,
    f.count,
    `${f.request.method} ${f.request.target.slice(0, 90)}${more}`,
    `${ref}${target}`,
    why(f),
    `\`${f.replay.replace(/^npm run fuzz -- /, '')}\``,
  ]
}

const listing = (counts: Partial<Record<string, number>>) =>
  Object.entries(counts)
    .sort((a, b) => b[1]! - a[1]!)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')

/** Per kind of answer the Worker is not at fault for: how many, how many distinct, the commonest. */
function notTheWorker(r: FuzzReport): string {
  const kinds = [...(r.reference ? UNMATCHABLE : []), 'platform']
  const rows = kinds.flatMap((kind) => {
    const found = r.findings.filter((f) => f.kind === kind)
    if (found.length === 0) return []
    const first = found[0]!
    const total = { ...r.verdicts, ...r.agreements }[kind] ?? 0
    return [[kind, total, found.length, ...findingCells(first).slice(2)]]
  })
  return rows.length === 0
    ? ''
    : table(
        ['kind', 'count', 'distinct', 'commonest request', 'status (reference → target)', 'why', 'replay'],
        rows,
      )
}

function fuzzRun(title: string, r: FuzzReport): string {
  const statuses = (s: Record<string, number>) =>
    Object.entries(s)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ')
  const failures = r.findings.filter((f) => FAILING.includes(f.kind))
  const command = [
    'npm run fuzz --',
    `--requests ${r.requested}`,
    `--seed ${r.seed}`,
    r.reference ? `--reference ${r.reference}` : null,
    `--concurrency ${r.concurrency}`,
  ]
  return [
    `### ${title}`,
    '',
    `\`${command.filter(Boolean).join(' ')}\` — target ${r.target}, ${r.startedAt.slice(0, 10)}, ${r.seconds} s${r.stoppedEarly ? ' (**stopped at the time bound**)' : ''}; pinned clock honoured: target ${r.hooks.target ? 'yes' : '**no**'}${r.reference ? `, reference ${r.hooks.reference ? 'yes' : '**no**'}` : ''}; ${r.windows.count} clock windows of ${r.windows.size}.`,
    '',
    `- Target statuses: ${statuses(r.statuses.target)}`,
    ...(r.reference ? [`- Reference statuses: ${statuses(r.statuses.reference)}`] : []),
    `- Spec judge: ${listing(r.verdicts)}`,
    ...(r.reference ? [`- Comparison: ${listing(r.agreements)}`] : []),
    `- Slowest answer: target ${r.slowestMs.target} ms${r.reference ? `, reference ${r.slowestMs.reference} ms` : ''}`,
    '',
    failures.length === 0
      ? 'Failures: none.'
      : `Failures (${failures.length} distinct, in \`tests/fuzz/findings/\`):\n\n` +
        table(
          ['kind', 'count', 'first request', 'status (reference → target)', 'where / why', 'replay'],
          failures.map(findingCells),
        ),
    '',
    'Not the Worker’s doing (every distinct one is in the JSON report):',
    '',
    notTheWorker(r),
  ].join('\n')
}

function authCost(r: AuthCostReport | null): string {
  if (!r)
    return placeholder(
      LEAD_FILES.authCost,
      'Item 1 of issue 13 (cheap rejection) fills this.',
      'AuthCostReport',
    )
  return [
    r.method,
    '',
    table(
      [
        '',
        'failed requests',
        'DB lookups / request',
        'KV writes / request',
        'CPU ms / request',
        'requests/s',
      ],
      r.rows.map((x) => [
        x.label,
        x.failedRequests,
        x.dbLookupsPerRequest,
        x.kvWritesPerRequest ?? '—',
        x.cpuMsPerRequest ?? '—',
        x.requestsPerSecond ?? '—',
      ]),
    ),
  ].join('\n')
}

function faults(r: FaultsReport | null): string {
  if (!r)
    return placeholder(
      LEAD_FILES.faults,
      'Item 9 of issue 13 (fault injection in workerd + MariaDB) fills this.',
      'FaultsReport',
    )
  return [
    r.method,
    '',
    table(
      ['fault', 'when', 'the client sees', 'logged', 'test'],
      r.rows.map((x) => [x.fault, x.when, x.clientSees, x.logged, x.test]),
    ),
  ].join('\n')
}

function load(r: LoadReport | null): string {
  if (!r)
    return placeholder(
      LEAD_FILES.load,
      'Item 9 of issue 13 (a load run at c=16 mixed with faults) fills this.',
      'LoadReport',
    )
  return [
    r.method,
    '',
    `c=${r.concurrency} for ${r.seconds} s: ${r.requests} requests; statuses ${Object.entries(r.statuses)
      .map(([k, v]) => `${k}: ${v}`)
      .join(
        ', ',
      )}; latency p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms, p99 ${r.latencyMs.p99} ms, max ${r.latencyMs.max} ms.`,
    '',
    table(
      ['fault', 'from s', 'to s'],
      r.faults.map((f) => [f.fault, f.fromSecond, f.toSecond]),
    ),
    ...(r.notes?.length ? ['', ...r.notes.map((n) => `- ${n}`)] : []),
  ].join('\n')
}

const CLASSES = `How an answer is judged (\`tests/fuzz/\`):

- **5xx / hangs / transport errors**: any 5xx other than the documented 503/504 (those are counted apart as outages; none
  occurred), no complete answer within the per-request deadline, or a broken connection.
- **Spec violations**: the answer is not one \`openapi.yaml\` describes for that operation (status, content type, JSON
  body against the schema — \`parity/lib/contract/conformance.ts\`); unknown paths and methods must give the legacy 404
  \`Unknown method\` envelope, \`HEAD\` the same without a body, a CORS preflight from an allowed origin the 204 of
  LEGACY_API.md (not described by \`openapi.yaml\`: counted as "cors preflight").
- **Byte differences**: status, content type or body bytes differ from the reference and no rule below explains it. Each
  distinct one is listed with the JSON path / XML element / CSV cell of the first differing byte
  (\`parity/lib/diff/\`) and saved in \`tests/fuzz/findings/\`.
- **Documented deviations** (each checked for what the Worker must answer instead): \`format=php|serialized\` → the exact
  410 with the documentation link (an unknown path stays the 404, as JSON); the Worker-only routes \`/__health\`,
  \`/openapi.yaml\`, \`/docs\` (tag Service in the spec); a CORS preflight, where PHP adds its default
  \`Content-Type: text/html; charset=UTF-8\` to the body-less 204 (the three CORS headers must be identical).
- **Cannot match** (the Worker is not at fault, each confirmed or explained): *runtime-rewritten URL* — workerd and
  Cloudflare hand the Worker a parsed URL (dot segments and \`%2e\` resolved, \`\\\` → \`/\`, \`#fragment\` dropped), so
  \`/./analytics\` reaches it as \`/analytics\` while PHP's router sees the raw path; *reference artifact: php -S
  parsing* — the reference's built-in server strips spaces but not tabs around header values, maps \`X_Api_Key\` like
  \`X-Api-Key\`, and drops the second \`?\` of \`??\`; both kinds are counted here only when the reference, asked the
  request as the Worker received it, answers byte for byte what the Worker answered; *reference error* — PHP answered
  5xx (\`php -S\` 501 for methods it does not know, a 500 from \`DateTime::createFromFormat\` on a NUL byte);
  *reference unavailable* — \`php -S\` dropped the connection (raw bytes beyond ASCII, very long paths).
- **Runtime refusals**: answers of the local runtime, never the Worker's (no \`X-Request-Id\`, exact signatures in
  \`tests/fuzz/judge.ts\`): workerd's 400 \`invalid URI\` for raw bytes beyond ASCII in the target, its 414 at 64 KiB
  (Cloudflare's own limit is 16 KB), and wrangler dev's entry worker's 500 just under 64 KiB (local only).`

const LIMITS = `Rate limits: both sides count requests per credential per UTC clock hour, so every request carries a pinned "now"
(\`X-Test-Now\` for the Worker, honoured only with \`TEST_HOOKS=1\` on a local stack; \`X-Legacy-Now\` for the PHP origin)
that moves to a new clock hour every 150 requests, plus a fresh \`X-Test-Rate-Namespace\` per window and run. The
generator spends at most each credential's \`rph\` in a window (3 for the rph-3 key), so nothing is ever rate limited
and the order in which concurrent requests arrive cannot change an answer. The PHP origin keeps its counters in
\`legacy_limits\`; \`--reset-reference-limits\` empties them before a run (DATABASE_URL). The windows' instants are the
contract's edges first (New York midnight and DST changes, key expiry 2024-03-01 and 2030-01-01, leap days, year ends),
then random instants around the data period.`

export function renderReliability(inputs: ReliabilityInputs): string {
  const runs = inputs.fuzz.filter((f) => f.report !== null) as {
    title: string
    file: string
    report: FuzzReport
  }[]
  return [
    '# Reliability',
    '',
    '<!-- Generated by `npm run reliability` from docs/reliability/*.json. Do not edit by hand. -->',
    '',
    'What a hostile or unlucky day does to the API, measured (issue 13). Each section is generated from a JSON',
    'report in `docs/reliability/`; the command that writes each report is given with it.',
    '',
    '## Randomized fuzz (10,000 requests per run)',
    '',
    'Requests generated from `openapi.yaml` plus mutations (`tests/fuzz/generate.ts`): odd paths and prefixes, unknown',
    'endpoints, repeated / array / mangled parameters, broken percent-encoding, values up to 64 KiB, other methods, every',
    'credential variant (missing, empty, `0`, whitespace, wrong, other account, disabled / expired / suspended, 10 KiB,',
    'bytes beyond ASCII, underscores in the names), dates and clocks at the edges. Against the target: no 5xx, no hang,',
    'every answer described by the spec; with a reference, the same request goes to both and the bytes are compared.',
    '',
    fuzzSummary(inputs),
    '',
    CLASSES,
    '',
    LIMITS,
    '',
    ...runs.flatMap(({ title, report }) => [fuzzRun(title, report), '']),
    '## Failed-authentication cost, before and after',
    '',
    '<!-- section: auth-cost (docs/reliability/auth-cost.json) -->',
    authCost(inputs.authCost),
    '',
    '## Fault injection',
    '',
    '<!-- section: faults (docs/reliability/faults.json) -->',
    faults(inputs.faults),
    '',
    '## Load run with faults',
    '',
    '<!-- section: load (docs/reliability/load.json) -->',
    load(inputs.load),
    '',
  ].join('\n')
}
