// The three reports docs/reliability.md is generated from (`npm run
// reliability`, scripts/reliability/inputs.ts gives their shapes), from one
// run of `npm run faults`: the fault table, the failed-auth cost and the load
// run, each pointing at docs/reliability/faults.md for the detail.
import type { AuthCostReport, FaultsReport, LoadReport } from '../reliability/inputs.ts'
import type { AuthCostResult } from './auth-cost.ts'
import { BUGS } from './report.ts'
import type { FaultsResults } from './report.ts'

const DETAIL = 'Detail, bugs found and method: [docs/reliability/faults.md](reliability/faults.md).'

export function faultsReport(results: FaultsResults): FaultsReport | null {
  if (!results.suite) return null
  return {
    method: `Each row is a case of the fault suite (tests/faults/, vitest project \`faults\`, in \`npm test\`): both Workers as production bundles in one workerd against the real MariaDB through a proxy of the suite's own, faults injected per request (\`X-Test-Fault\`), by \`KILL <id>\`, a table lock or a stopped proxy. ${DETAIL}`,
    rows: results.suite.map((c) => ({
      fault: c.observation?.fault ?? c.test,
      when: c.observation?.request ?? '',
      clientSees: c.observation?.saw ?? '',
      logged: c.observation?.logged ?? '',
      test: `${c.file} › ${c.test}: ${c.passed ? 'passes' : `FAILS (${c.bug ? `${c.bug}: ${BUGS[c.bug]?.title ?? ''}` : (c.failure ?? '')})`}`,
    })),
  }
}

const authRow = (r: AuthCostResult) => ({
  label: `${r.label} (${r.commit.slice(0, 12)})`,
  failedRequests: r.requests,
  dbLookupsPerRequest: r.lookupsPerFailure,
  cpuMsPerRequest: r.cpuMsPerFailure,
  requestsPerSecond: r.requestsPerSecond,
})

export function authCostReport(results: FaultsResults): AuthCostReport | null {
  const cost = results.authCost
  if (!cost) return null
  return {
    method: `\`npm run faults\`: one client (one CF-Connecting-IP) sends ${cost.after.requests} requests with random well-formed keys to /credentialscheck, one after another, to the production bundles of each tree on one workerd; lookups are the SELECTs MariaDB ran (Com_select), CPU the workerd process's (/proc), both per failed request past the first ${cost.after.firstFew}. "Before" is the commit before the failed-auth throttle. ${DETAIL}`,
    rows: [...(cost.before ? [authRow(cost.before)] : []), authRow(cost.after)],
  }
}

export function loadReport(results: FaultsResults): LoadReport | null {
  const load = results.load
  if (!load) return null
  const sum = (key: 'other5xx' | 'pastDeadline' | 'brokenBodies' | 'wrong200') =>
    load.phases.reduce((n, p) => n + p[key], 0)
  return {
    method: `\`npm run faults\`: the demo mix (scripts/load/profiles/production-p50-p95.json) against the fault stack, faults at known times; database restart: ${load.restart}. ${DETAIL}`,
    concurrency: load.concurrency,
    seconds: load.seconds,
    requests: load.requests,
    statuses: load.statuses,
    latencyMs: load.latencyMs,
    faults: load.faults,
    notes: [
      `5xx other than 503/504: ${sum('other5xx')}; no answer within the 15 s deadline + 5 s: ${sum('pastDeadline')}; broken bodies: ${sum('brokenBodies')}; 200s whose body differs from the healthy answer: ${sum('wrong200')}.`,
      ...load.phases.map(
        (p) =>
          `${p.name} (${p.fromS}–${p.toS} s${p.fault ? `, ${p.fault}` : ''}): ${p.requests} requests, ${Object.entries(
            p.statuses,
          )
            .map(([status, n]) => `${status}: ${n}`)
            .join(', ')}; p50 ${p.p50Ms} ms, p95 ${p.p95Ms} ms; not healthy: ${p.unhealthy}${
            p.spoiltUntilS === null ? '' : `, the last ${p.spoiltUntilS} s after the fault was undone`
          }.`,
      ),
    ],
  }
}
