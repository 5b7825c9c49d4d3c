// Trace events → New Relic custom events (Event API). The API Worker's shadow
// comparison logs a `parity.mismatch` line; besides the log record, each one
// becomes a ParityMismatch event, which the parity-mismatch alert of
// infra/observability counts (events are kept longer than logs and are cheap
// to count). Attribute names are a contract with that alert and its dashboard.
import { parseLogLine } from './records.ts'
import type { TraceEvent } from './trace.ts'

export const PARITY_EVENT_TYPE = 'ParityMismatch'
export const PARITY_LOG_EVENT = 'parity.mismatch'

export type EventValue = string | number | boolean
export interface CustomEvent {
  eventType: string
  timestamp: number
  [attribute: string]: EventValue
}

// The Event API refuses string values over 4096 characters.
const MAX_VALUE_CHARS = 4096
// Fields of the parity.mismatch line copied onto the event (src: the shadow comparison).
const PARITY_FIELDS = [
  'endpoint',
  'version',
  'format',
  'locator',
  'shape_hash',
  'worker_status',
  'legacy_status',
  'request_id',
] as const

function value(v: unknown): EventValue | undefined {
  if (typeof v === 'number' || typeof v === 'boolean') return v
  if (typeof v === 'string') return v.length > MAX_VALUE_CHARS ? v.slice(0, MAX_VALUE_CHARS) : v
  return undefined
}

export function toCustomEvents(trace: TraceEvent): CustomEvent[] {
  const events: CustomEvent[] = []
  for (const log of trace.logs) {
    const line = parseLogLine(log.message)
    if (line?.event !== PARITY_LOG_EVENT) continue
    const event: CustomEvent = {
      eventType: PARITY_EVENT_TYPE,
      timestamp: log.timestamp,
      service: trace.scriptName ?? 'unknown',
    }
    if (trace.scriptVersion?.id) event.worker_version = trace.scriptVersion.id
    for (const field of PARITY_FIELDS) {
      const v = value(line[field])
      if (v !== undefined) event[field] = v
    }
    events.push(event)
  }
  return events
}

/** The Event API's payload: a JSON array of events, the shared attributes copied onto each. */
export function eventPayload(batch: readonly CustomEvent[], common: Record<string, string>): string {
  return JSON.stringify(batch.map((event) => ({ ...common, ...event })))
}

/**
 * The Event API URL of an account, or undefined when the account id is not configured
 * (events are then not shipped; the shipper says so once).
 */
export function eventsUrl(template: string | undefined, accountId: string | undefined): string | undefined {
  if (!template || !accountId || !/^[1-9][0-9]{0,15}$/.test(accountId.trim())) return undefined
  return template.replace('{account_id}', accountId.trim())
}
