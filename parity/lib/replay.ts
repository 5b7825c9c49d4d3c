// Replays fixtures against a target, step by step in order, and judges each
// response: byte for byte (worker, base URL), by the documented deviation, or
// by shape (mock). Against the local Worker every fixture gets its recorded
// `now` and its own rate-limit namespace through the test hooks.
import { randomUUID } from 'node:crypto'
import { Agent } from 'node:http'
import { compareExact } from './compare.ts'
import { goneCheck } from './deviation.ts'
import type { Fixture, FixtureStep, ObservedResponse, RecordedRequest } from './fixture-types.ts'
import { sendRecorded } from './http-client.ts'
import {
  checkAgainstMock,
  checkOutOfContract,
  contractResponse,
  MOCK_NOTE,
  mockHeaders,
  mockRequest,
  operationFor,
  outOfContract,
  OUT_OF_CONTRACT_NOTE,
} from './mock-check.ts'
import type { SpecOperation } from './contract/spec-operations.ts'
import { dependsOnClock } from './request-facts.ts'
import { runInOrder, stepResult } from './step-result.ts'
import type { CaseResult, Mismatch, StepResult } from './verdict-types.ts'

export const TEST_NOW_HEADER = 'X-Test-Now'
export const TEST_RATE_NAMESPACE_HEADER = 'X-Test-Rate-Namespace'

export interface ReplayTarget {
  /** For the report: `worker`, `mock`, or the base URL. */
  label: string
  baseUrl: string
  /** Send X-Test-Now / X-Test-Rate-Namespace (local Worker only). */
  testHooks: boolean
  /** The Worker's DOCS_URL when known (exact 410 bodies). */
  docsUrl: string | null
  mode: 'exact' | 'mock'
  /** The spec's operations (mock mode: schemas judge the mock's bodies). */
  operations?: readonly SpecOperation[]
}

interface StepJudge {
  /** What is sent: the recording, or its clean-path form for the mock. */
  request: RecordedRequest
  headers: Record<string, string>
  check(observed: ObservedResponse): Mismatch[]
}

function judgeFor(fixture: Fixture, step: FixtureStep, target: ReplayTarget, notes: Set<string>): StepJudge {
  if (target.mode === 'mock') {
    if (outOfContract(step.request)) {
      notes.add(OUT_OF_CONTRACT_NOTE)
      return { request: step.request, headers: {}, check: checkOutOfContract }
    }
    notes.add(MOCK_NOTE)
    const contract = contractResponse(fixture, step.response)
    const request = mockRequest(step.request)
    const operation = target.operations ? operationFor(target.operations, request) : undefined
    return { request, headers: mockHeaders(contract), check: (o) => checkAgainstMock(contract, o, operation) }
  }
  if (fixture.workerDeviation === '410') {
    const gone = goneCheck(target.docsUrl)
    notes.add(gone.note)
    return { request: step.request, headers: {}, check: gone.check }
  }
  const expected = {
    status: step.response.status,
    contentType: step.response.contentType,
    body: Buffer.from(step.response.bodyBase64, 'base64'),
  }
  return { request: step.request, headers: {}, check: (o) => compareExact(expected, o) }
}

/** Caveats of a target without test hooks: reported, never hidden. */
function hooklessNotes(fixture: Fixture, notes: Set<string>): void {
  if (fixture.steps.some((s) => dependsOnClock(s.request))) {
    notes.add(
      `clock-dependent: recorded at ${fixture.now}, replayed at the target's real time (no test hooks)`,
    )
  }
  if (fixture.steps.some((s) => s.response.status === 429)) {
    notes.add("rate-limit dependent: the target's counters were not reset (no test hooks)")
  }
}

export async function replayFixture(
  fixture: Fixture,
  target: ReplayTarget,
  agent?: Agent,
): Promise<CaseResult> {
  const notes = new Set<string>()
  if (!target.testHooks && target.mode === 'exact') hooklessNotes(fixture, notes)
  const hooks: Record<string, string> = target.testHooks
    ? { [TEST_NOW_HEADER]: fixture.now, [TEST_RATE_NAMESPACE_HEADER]: `${fixture.name}-${randomUUID()}` }
    : {}
  const steps: StepResult[] = []
  for (const [index, step] of fixture.steps.entries()) {
    const judge = judgeFor(fixture, step, target, notes)
    let actualStatus: number | null = null
    let mismatches: Mismatch[]
    try {
      const observed = await sendRecorded(target.baseUrl, judge.request, {
        extraHeaders: { ...judge.headers, ...hooks },
        agent,
      })
      actualStatus = observed.status
      mismatches = judge.check(observed)
    } catch (err) {
      mismatches = [{ field: 'transport', expected: 'a response', actual: (err as Error).message }]
    }
    steps.push(stepResult(index, step.request, step.response.status, actualStatus, mismatches))
  }
  return { name: fixture.name, pass: steps.every((s) => s.pass), notes: [...notes], steps }
}

export async function replayAll(
  fixtures: Fixture[],
  target: ReplayTarget,
  onCase?: (result: CaseResult) => void,
): Promise<CaseResult[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  try {
    return await runInOrder(fixtures, (fixture) => replayFixture(fixture, target, agent), onCase)
  } finally {
    agent.destroy()
  }
}
