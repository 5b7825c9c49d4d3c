// The JSON report (every case, pass/fail, the diff) and its console form.
import { writeFileSync } from 'node:fs'
import { rawTarget } from './http-client.ts'
import type { CaseResult, Mismatch } from './verdict-types.ts'

export interface ParityReport {
  tool: 'parity'
  target: string
  generatedAt: string
  summary: { passed: number; failed: number; total: number }
  /** Fixture-set problems (invalid files, manifest mismatches): each fails the run. */
  problems: string[]
  cases: CaseResult[]
}

export function buildReport(
  target: string,
  cases: CaseResult[],
  problems: string[] = [],
  now = new Date(),
): ParityReport {
  const passed = cases.filter((c) => c.pass).length
  return {
    tool: 'parity',
    target,
    generatedAt: now.toISOString(),
    summary: { passed, failed: cases.length - passed, total: cases.length },
    problems,
    cases,
  }
}

export function reportFailed(report: ParityReport): boolean {
  return report.summary.failed > 0 || report.problems.length > 0 || report.summary.total === 0
}

export function summaryLine(report: ParityReport): string {
  return `parity: ${report.summary.passed} passed, ${report.summary.failed} failed (target ${report.target})`
}

const quote = (text: string, max = 100) => JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text)

export function describeMismatch(m: Mismatch): string {
  if (m.field === 'body') {
    const where = m.where ? ` at ${m.where}` : ''
    const lengths = m.body ? ` (lengths ${m.body.expectedLength}/${m.body.actualLength})` : ''
    return `body differs${where}, first differing byte ${m.byteOffset ?? '?'}${lengths}: expected ${quote(m.expected)}, actual ${quote(m.actual)}`
  }
  if (m.field === 'shape')
    return `shape differs at ${m.where ?? '$'}: expected ${m.expected}, actual ${m.actual}`
  if (m.field === 'transport') return `no response: ${m.actual}`
  const label = m.field === 'contentType' ? 'content type' : 'status'
  return `${label}: expected ${quote(m.expected)}, actual ${quote(m.actual)}`
}

/** Human lines for one case: nothing for a pass, the where/what for a failure. */
export function describeCase(result: CaseResult): string[] {
  if (result.pass) return []
  const lines = [`✗ ${result.name}`]
  for (const note of result.notes) lines.push(`    note: ${note}`)
  for (const step of result.steps.filter((s) => !s.pass)) {
    lines.push(`  step ${step.index + 1}: ${step.method} ${rawTarget(step)}`)
    for (const m of step.mismatches) lines.push(`    ${describeMismatch(m)}`)
  }
  return lines
}

export function writeReport(file: string, report: ParityReport): void {
  // Diffs keep their Buffer-free summary; the full BodyDiff is already plain data.
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`)
}
