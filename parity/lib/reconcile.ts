// `parity reconcile`: the phase-8 dual run. Each request goes to the legacy
// origin and to the Worker; the legacy answer is the expectation and the same
// diff engine says where the Worker's differs. Cases marked workerDeviation
// are judged by the documented deviation instead.
import { compareExact } from './compare.ts'
import { goneCheck } from './deviation.ts'
import { sendRecorded } from './http-client.ts'
import type { RequestCase } from './cases-file.ts'
import { runInOrder, stepResult } from './step-result.ts'
import type { CaseResult, Mismatch, StepResult } from './verdict-types.ts'

export async function reconcileCase(legacy: string, worker: string, c: RequestCase): Promise<CaseResult> {
  const notes = new Set<string>()
  const steps: StepResult[] = []
  for (const [index, request] of c.requests.entries()) {
    let mismatches: Mismatch[]
    let expectedStatus = 0
    let actualStatus: number | null = null
    try {
      // Sequential, legacy first: both see the request at nearly the same instant.
      const expected = await sendRecorded(legacy, request)
      const observed = await sendRecorded(worker, request)
      expectedStatus = expected.status
      actualStatus = observed.status
      if (c.workerDeviation === '410') {
        const gone = goneCheck(null)
        notes.add(gone.note)
        mismatches = gone.check(observed)
      } else {
        mismatches = compareExact(expected, observed)
      }
    } catch (err) {
      mismatches = [{ field: 'transport', expected: 'responses from both', actual: (err as Error).message }]
    }
    steps.push(stepResult(index, request, expectedStatus, actualStatus, mismatches))
  }
  return { name: c.name, pass: steps.every((s) => s.pass), notes: [...notes], steps }
}

export async function reconcileAll(
  legacy: string,
  worker: string,
  cases: RequestCase[],
  onCase?: (r: CaseResult) => void,
): Promise<CaseResult[]> {
  return runInOrder(cases, (c) => reconcileCase(legacy, worker, c), onCase)
}
