// The human-readable load report (the JSON report is the LoadReport itself).
import type { LoadReport } from './run.ts'

const pad = (s: string | number, n: number) => String(s).padStart(n)

export function formatReport(report: LoadReport): string {
  const o = report.overall
  const lines = [
    `load: ${report.profile} → ${report.target}`,
    `requests ${report.requests} in ${report.durationSeconds} s (stopped by ${report.stoppedBy} bound): ${report.throughputPerSecond} req/s`,
    `latency p50 ${o.p50Ms} ms  p95 ${o.p95Ms} ms  p99 ${o.p99Ms} ms  error rate ${o.errorRatePercent}% (${o.errors} errors)`,
    '',
    `${'endpoint'.padEnd(20)}${pad('share%', 8)}${pad('count', 8)}${pad('p50', 8)}${pad('p95', 8)}${pad('p99', 8)}${pad('legacy p50/p95', 16)}${pad('err%', 7)}  statuses`,
  ]
  for (const e of report.endpoints) {
    const legacy = e.legacyP50Ms !== undefined ? `${e.legacyP50Ms}/${e.legacyP95Ms ?? '-'}` : '-'
    const statuses = Object.entries(e.statuses)
      .map(([s, n]) => `${s}×${n}`)
      .join(' ')
    lines.push(
      `${e.name.padEnd(20)}${pad(e.sharePercent, 8)}${pad(e.count, 8)}${pad(e.p50Ms, 8)}${pad(e.p95Ms, 8)}${pad(e.p99Ms, 8)}${pad(legacy, 16)}${pad(e.errorRatePercent, 7)}  ${statuses}`,
    )
  }
  return lines.join('\n')
}
