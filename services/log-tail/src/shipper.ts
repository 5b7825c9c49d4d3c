// The tail Worker's core: trace events in, New Relic batches out. Every call
// ships what is pending (this call's records after any backlog), in batches.
// When New Relic keeps failing, records wait in the bounded buffer and the
// shipper backs off for a cool-down instead of retrying on every request.
// ship() never rejects: a logging outage must never surface anywhere.
import { DEFAULT_BATCH_LIMITS, payload, toBatches, type BatchLimits } from './batches.ts'
import { BoundedBuffer } from './bounded-buffer.ts'
import { DEFAULT_RETRY, postBatch, type PostDeps, type RetryPolicy } from './new-relic.ts'
import { LOGTYPE_LOG, toLogRecords, type LogRecord } from './records.ts'
import type { TraceEvent } from './trace.ts'

export interface ShipperConfig {
  url: string
  licenseKey: string | undefined
  common: Record<string, string>
  bufferCapacity: number
  cooldownMs: number
  batch: BatchLimits
  retry: RetryPolicy
}

export const DEFAULT_SHIPPER: Omit<ShipperConfig, 'url' | 'licenseKey' | 'common'> = {
  bufferCapacity: 5_000,
  cooldownMs: 30_000,
  batch: DEFAULT_BATCH_LIMITS,
  retry: DEFAULT_RETRY,
}

export interface ShipperDeps extends PostDeps {
  now: () => number
  /** Where the shipper reports its own trouble (the tail Worker's own console). */
  warn: (message: string) => void
}

export interface ShipReport {
  delivered: number
  pending: number
  dropped: number
}

export interface Shipper {
  ship(traces: readonly TraceEvent[]): Promise<ShipReport>
  readonly buffer: BoundedBuffer<LogRecord>
}

function droppedNotice(count: number, at: number): LogRecord {
  return {
    timestamp: at,
    message: `log-tail dropped ${count} log records (New Relic unavailable or buffer full)`,
    attributes: { logtype: LOGTYPE_LOG, level: 'warn', 'log_tail.dropped': count },
  }
}

export function createShipper(config: ShipperConfig, deps: ShipperDeps): Shipper {
  const buffer = new BoundedBuffer<LogRecord>(config.bufferCapacity)
  let coolingUntil = 0

  async function flush(): Promise<number> {
    if (!config.licenseKey) {
      const n = buffer.drain().length
      buffer.countDropped(n)
      return 0
    }
    if (deps.now() < coolingUntil) return 0
    const pending = buffer.drain()
    const lost = buffer.takeUnreported()
    if (lost > 0) pending.push(droppedNotice(lost, deps.now()))
    const batches = toBatches(pending, config.batch)
    let delivered = 0
    for (let i = 0; i < batches.length; i++) {
      const batch = batches[i]!
      const outcome = await postBatch(
        config.url,
        config.licenseKey,
        payload(batch, config.common),
        deps,
        config.retry,
      )
      if (outcome.kind === 'delivered') {
        delivered += batch.length
      } else if (outcome.kind === 'rejected') {
        deps.warn(`log-tail: New Relic rejected ${batch.length} records (HTTP ${outcome.status})`)
        buffer.countDropped(batch.length)
      } else {
        deps.warn(
          `log-tail: New Relic unavailable (${outcome.reason}); keeping ${pending.length - delivered} records`,
        )
        coolingUntil = deps.now() + config.cooldownMs
        buffer.requeue(batches.slice(i).flat())
        break
      }
    }
    return delivered
  }

  return {
    buffer,
    async ship(traces) {
      try {
        buffer.push(traces.flatMap(toLogRecords))
        const delivered = await flush()
        return { delivered, pending: buffer.size, dropped: buffer.droppedTotal }
      } catch (error) {
        // Unreachable by design; kept so that even a bug here stays in the tail Worker.
        deps.warn(`log-tail: unexpected ${error instanceof Error ? error.message : String(error)}`)
        return { delivered: 0, pending: buffer.size, dropped: buffer.droppedTotal }
      }
    },
  }
}
