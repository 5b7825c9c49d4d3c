// The tail Worker's core: trace events in, New Relic payloads out, on two
// lanes — log records to the Logs API, ParityMismatch custom events to the
// Event API. Every call ships what is pending (this call's items after any
// backlog). When New Relic keeps failing, items wait in each lane's bounded
// buffer and the lane cools down instead of retrying on every request.
// ship() never rejects: a logging outage must never surface anywhere.
import { DEFAULT_BATCH_LIMITS, payload, type BatchLimits } from './batches.ts'
import type { BoundedBuffer } from './bounded-buffer.ts'
import { eventPayload, PARITY_EVENT_TYPE, toCustomEvents, type CustomEvent } from './events.ts'
import { createLane, type LaneDeps } from './lane.ts'
import { DEFAULT_RETRY, type RetryPolicy } from './new-relic.ts'
import { LOGTYPE_LOG, toLogRecords, type LogRecord } from './records.ts'
import type { TraceEvent } from './trace.ts'

export interface ShipperConfig {
  url: string
  /** Event API URL of the account; undefined when no account id is configured (no events shipped). */
  eventsUrl: string | undefined
  licenseKey: string | undefined
  common: Record<string, string>
  bufferCapacity: number
  eventBufferCapacity: number
  cooldownMs: number
  batch: BatchLimits
  retry: RetryPolicy
}

export const DEFAULT_SHIPPER: Omit<ShipperConfig, 'url' | 'eventsUrl' | 'licenseKey' | 'common'> = {
  bufferCapacity: 5_000,
  eventBufferCapacity: 1_000,
  cooldownMs: 30_000,
  batch: DEFAULT_BATCH_LIMITS,
  retry: DEFAULT_RETRY,
}

export type ShipperDeps = LaneDeps

export interface LaneReport {
  delivered: number
  pending: number
  dropped: number
}

export interface ShipReport extends LaneReport {
  /** The ParityMismatch events lane. */
  events: LaneReport
}

export interface Shipper {
  ship(traces: readonly TraceEvent[]): Promise<ShipReport>
  readonly buffer: BoundedBuffer<LogRecord>
  readonly eventBuffer: BoundedBuffer<CustomEvent>
}

function droppedNotice(count: number, at: number, what = 'log records'): LogRecord {
  return {
    timestamp: at,
    message: `log-tail dropped ${count} ${what} (New Relic unavailable or buffer full)`,
    attributes: { logtype: LOGTYPE_LOG, level: 'warn', 'log_tail.dropped': count },
  }
}

export function createShipper(config: ShipperConfig, deps: ShipperDeps): Shipper {
  const shared = {
    licenseKey: config.licenseKey,
    cooldownMs: config.cooldownMs,
    batch: config.batch,
    retry: config.retry,
  }
  const logs = createLane<LogRecord>(
    {
      ...shared,
      label: 'log records',
      url: config.url,
      capacity: config.bufferCapacity,
      body: (batch) => payload(batch, config.common),
      lossNotice: droppedNotice,
    },
    deps,
  )
  const events = createLane<CustomEvent>(
    {
      ...shared,
      label: `${PARITY_EVENT_TYPE} events`,
      url: config.eventsUrl,
      capacity: config.eventBufferCapacity,
      body: (batch) => eventPayload(batch, config.common),
    },
    deps,
  )

  const report = (delivered: number, lane: typeof logs | typeof events): LaneReport => ({
    delivered,
    pending: lane.buffer.size,
    dropped: lane.buffer.droppedTotal,
  })

  return {
    buffer: logs.buffer,
    eventBuffer: events.buffer,
    async ship(traces) {
      try {
        events.buffer.push(traces.flatMap(toCustomEvents))
        const eventsDelivered = await events.flush()
        // Lost events are reported on the logs lane (an unconfigured account id is reported once,
        // by the lane's warning, not on every call).
        const lostEvents = events.buffer.takeUnreported()
        const reportLoss = lostEvents > 0 && config.eventsUrl !== undefined && config.licenseKey !== undefined
        const notices = reportLoss
          ? [droppedNotice(lostEvents, deps.now(), `${PARITY_EVENT_TYPE} events`)]
          : []
        logs.buffer.push([...traces.flatMap(toLogRecords), ...notices])
        const delivered = await logs.flush()
        return { ...report(delivered, logs), events: report(eventsDelivered, events) }
      } catch (error) {
        // Unreachable by design; kept so that even a bug here stays in the tail Worker.
        deps.warn(`log-tail: unexpected ${error instanceof Error ? error.message : String(error)}`)
        return { ...report(0, logs), events: report(0, events) }
      }
    },
  }
}
