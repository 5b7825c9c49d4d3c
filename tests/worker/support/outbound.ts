// Test support (workerd): what leaves the Worker under test — its fetches to
// other origins (routed to stand-ins, parity/test-support/recorded-origin.ts),
// the timeout signals it asks for, its log lines — made visible and
// controllable. Everything here is undone by vi.restoreAllMocks().
import { vi } from 'vitest'
import type { RecordedRequest } from '../../../parity/lib/fixture-types.ts'
import { originFetch, targetOf, type RecordedOrigin } from '../../../parity/test-support/recorded-origin.ts'
import type { ownWorker } from './requests.ts'

/** Sends the Worker's fetches to these base URLs to the stand-ins; any other fetch goes out as usual. */
export function routeFetches(...origins: RecordedOrigin[]): void {
  vi.spyOn(globalThis, 'fetch').mockImplementation(originFetch(origins, globalThis.fetch.bind(globalThis)))
}

/** A recorded request as the client sent it, at the recording's instant (rate counters of its own unless given). */
export function sendRecorded(
  worker: ReturnType<typeof ownWorker>,
  step: { request: RecordedRequest; now: Date },
  namespace = crypto.randomUUID(),
): Promise<Response> {
  return Promise.resolve(
    worker.fetch(targetOf(step.request), {
      ...step.request.headers,
      'X-Test-Now': step.now.toISOString(),
      'X-Test-Rate-Namespace': namespace,
    }),
  )
}

/**
 * Takes over AbortSignal.timeout (the Worker's timeouts on outgoing fetches):
 * records the delays asked for and fires them when the test says, so a test
 * of a timeout waits for nothing.
 */
export function controlledTimeouts(): { requested: number[]; fire(): void } {
  const requested: number[] = []
  const timer = new AbortController()
  vi.spyOn(AbortSignal, 'timeout').mockImplementation((ms) => {
    requested.push(ms)
    return timer.signal
  })
  return {
    requested,
    fire: () => timer.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')),
  }
}

export type LogEvent = Record<string, unknown> & { event: string }

/** The structured log lines written from now on (console.log), parsed, as they come. */
export function captureLogEvents(): LogEvent[] {
  const events: LogEvent[] = []
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
    try {
      const parsed = JSON.parse(String(line)) as unknown
      if (typeof parsed === 'object' && parsed !== null && 'event' in parsed) events.push(parsed as LogEvent)
    } catch {
      // not a structured line
    }
  })
  return events
}
