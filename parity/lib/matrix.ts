// The phase-6 parity matrix: endpoints × formats × versions × auth states,
// counted per replayed request from a parity report, as markdown.
import type { ParityReport } from './report.ts'
import { authState, requestFacts } from './request-facts.ts'

interface Cell {
  endpoint: string
  version: string
  format: string
  auth: string
  passed: number
  total: number
}

export function matrixCells(report: ParityReport): Cell[] {
  const cells = new Map<string, Cell>()
  for (const c of report.cases) {
    for (const step of c.steps) {
      const facts = requestFacts({ method: step.method, path: step.path, query: step.query, headers: {} })
      const auth = authState({ ...facts, credentials: step.credentials }, step.expectedStatus)
      const key = [facts.endpoint, facts.version, facts.format, auth].join('\u0000')
      const cell = cells.get(key) ?? {
        endpoint: facts.endpoint,
        version: facts.version,
        format: facts.format,
        auth,
        passed: 0,
        total: 0,
      }
      cell.total++
      if (step.pass) cell.passed++
      cells.set(key, cell)
    }
  }
  return [...cells.values()].sort((a, b) =>
    [a.endpoint, a.version, a.format, a.auth]
      .join('\u0000')
      .localeCompare([b.endpoint, b.version, b.format, b.auth].join('\u0000')),
  )
}

const mark = (passed: number, total: number) => (passed === total ? '✅' : '❌')

function rollup(cells: Cell[], by: (c: Cell) => string): Array<[string, number, number]> {
  const sums = new Map<string, [number, number]>()
  for (const c of cells) {
    const [p, t] = sums.get(by(c)) ?? [0, 0]
    sums.set(by(c), [p + c.passed, t + c.total])
  }
  return [...sums.entries()]
    .map(([k, [p, t]]) => [k, p, t] as [string, number, number])
    .sort((a, b) => a[0].localeCompare(b[0]))
}

export function renderMatrix(report: ParityReport): string {
  const cells = matrixCells(report)
  const passed = cells.reduce((n, c) => n + c.passed, 0)
  const total = cells.reduce((n, c) => n + c.total, 0)
  const lines = [
    '# Parity matrix',
    '',
    `Generated ${report.generatedAt} from a parity report against target \`${report.target}\`: ` +
      `${passed}/${total} requests (${report.summary.passed}/${report.summary.total} cases) match.`,
    'Counted per replayed request. Endpoint and version come from the path (or the `version` parameter),',
    'the format from `format` (unknown values fall back to json), the auth state from the credentials sent and the recorded status.',
    '',
  ]
  for (const [title, by] of [
    ['endpoint', (c: Cell) => c.endpoint],
    ['format', (c: Cell) => c.format],
    ['version', (c: Cell) => c.version],
    ['auth state', (c: Cell) => c.auth],
  ] as const) {
    lines.push(`## By ${title}`, '', `| ${title} | passed | total | |`, '|---|---:|---:|---|')
    for (const [k, p, t] of rollup(cells, by)) lines.push(`| ${k} | ${p} | ${t} | ${mark(p, t)} |`)
    lines.push('')
  }
  lines.push(
    '## Endpoint × version × format × auth state',
    '',
    '| endpoint | version | format | auth state | passed | total | |',
    '|---|---|---|---|---:|---:|---|',
  )
  for (const c of cells)
    lines.push(
      `| ${c.endpoint} | ${c.version} | ${c.format} | ${c.auth} | ${c.passed} | ${c.total} | ${mark(c.passed, c.total)} |`,
    )
  return `${lines.join('\n')}\n`
}
