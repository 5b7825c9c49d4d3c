// One fault stack per test file (started before its tests, stopped with the
// database given back after them), and the observation each case records
// for the fault table before it asserts (scripts/faults/observations.ts).
import { afterAll, beforeAll, expect } from 'vitest'
import {
  startFaultStack,
  type FaultStack,
  type FaultStackOptions,
} from '../../../scripts/faults/fault-stack.ts'
import { describeLogs, recordObservation } from '../../../scripts/faults/observations.ts'

/** Building both bundles and loading the suite's databases takes a while on two cores. */
const START_TIMEOUT_MS = 180_000

/**
 * Ports, when FAULTS_PORT_BASE is set (a machine where each session has its own range): the API
 * on the base, the database proxy on the next. Otherwise any free ports.
 */
function ports(): { port: number; proxyPort: number } {
  const base = Number(process.env.FAULTS_PORT_BASE ?? 0)
  return base > 0 ? { port: base, proxyPort: base + 1 } : { port: 0, proxyPort: 0 }
}

/** Registers the file's stack; call the returned function in a test to get it. */
export function useFaultStack(options: Omit<FaultStackOptions, 'port' | 'proxyPort'>): () => FaultStack {
  let stack: FaultStack | undefined
  beforeAll(async () => {
    stack = await startFaultStack({ ...options, ...ports() })
  }, START_TIMEOUT_MS)
  afterAll(async () => {
    await stack?.proxy.start()
    await stack?.stop()
  })
  return () => {
    if (!stack) throw new Error('the fault stack did not start')
    return stack
  }
}

/** Records what the case saw (and what was logged for `requestIds`), once their request lines are in. */
export async function observe(
  stack: FaultStack,
  observation: { fault: string; request: string; expected: string; saw: string; requestIds: string[] },
): Promise<void> {
  for (const id of observation.requestIds) {
    await stack.logs
      .waitFor((line) => line.event === 'request' && line.request_id === id, 5_000, `"request" for ${id}`)
      .catch(() => undefined)
  }
  const { requestIds, ...described } = observation
  recordObservation({
    test: expect.getState().currentTestName ?? '',
    ...described,
    logged: requestIds.map((id) => describeLogs(stack.logs, id)).join(' | '),
  })
}
