// The request lists `record` and `reconcile` read: a JSON array (or
// `{ "cases": [...] }`) of cases, each `{ name, description?, now?,
// workerDeviation?, steps: [{ request }] }` (a fixture without responses), or
// the shorthand `{ name, request }` for a single request.
import { readFileSync } from 'node:fs'
import type { RecordedRequest } from './fixture-types.ts'

export interface RequestCase {
  name: string
  description: string
  workerDeviation?: '410'
  requests: RecordedRequest[]
}

function asRequest(raw: unknown, where: string): RecordedRequest {
  const r = raw as Partial<RecordedRequest> | null
  if (!r || typeof r.path !== 'string' || !r.path.startsWith('/'))
    throw new Error(`${where}: request.path must start with /`)
  return { method: r.method ?? 'GET', path: r.path, query: r.query ?? '', headers: r.headers ?? {} }
}

export function parseCases(value: unknown): RequestCase[] {
  const list = Array.isArray(value) ? value : (value as { cases?: unknown } | null)?.cases
  if (!Array.isArray(list)) throw new Error('a cases file is a JSON array of cases (or { "cases": [...] })')
  return list.map((raw, i) => {
    const c = raw as {
      name?: unknown
      description?: unknown
      workerDeviation?: unknown
      steps?: unknown
      request?: unknown
    }
    const name = typeof c.name === 'string' && c.name !== '' ? c.name : `case-${i + 1}`
    if (!/^[A-Za-z0-9._-]+$/.test(name))
      throw new Error(`case ${i}: name "${name}" must be usable as a file name`)
    const steps = Array.isArray(c.steps)
      ? c.steps.map((s) => (s as { request?: unknown }).request)
      : [c.request]
    return {
      name,
      description: typeof c.description === 'string' ? c.description : '',
      ...(c.workerDeviation === '410' ? { workerDeviation: '410' as const } : {}),
      requests: steps.map((s, j) => asRequest(s, `${name} step ${j}`)),
    }
  })
}

export function readCases(file: string): RequestCase[] {
  return parseCases(JSON.parse(readFileSync(file, 'utf8')))
}
