// One StepResult from what was sent and what was judged.
import type { RecordedRequest } from './fixture-types.ts'
import { hasCredentials } from './request-facts.ts'
import type { CaseResult, Mismatch, StepResult } from './verdict-types.ts'

export function stepResult(
  index: number,
  request: RecordedRequest,
  expectedStatus: number,
  actualStatus: number | null,
  mismatches: Mismatch[],
): StepResult {
  return {
    index,
    method: request.method,
    path: request.path,
    query: request.query,
    credentials: hasCredentials(request) ? 'present' : 'missing',
    expectedStatus,
    actualStatus,
    pass: mismatches.length === 0,
    mismatches,
  }
}

/** Runs cases one after another (order matters: steps share state), reporting each as it finishes. */
export async function runInOrder<T>(
  items: T[],
  run: (item: T) => Promise<CaseResult>,
  onCase?: (r: CaseResult) => void,
): Promise<CaseResult[]> {
  const results: CaseResult[] = []
  for (const item of items) {
    const result = await run(item)
    onCase?.(result)
    results.push(result)
  }
  return results
}
