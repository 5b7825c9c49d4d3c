// One delivery lane to one New Relic endpoint (the Logs API, the Event API):
// a bounded buffer, batches, retry with backoff, and a cool-down after a
// failure so an outage is not retried on every tail() call. The shipper runs
// one lane per endpoint; their logic is the same, their payloads differ.
import { toBatches, type BatchLimits } from './batches.ts'
import { BoundedBuffer } from './bounded-buffer.ts'
import { postBatch, type PostDeps, type RetryPolicy } from './new-relic.ts'

export interface LaneConfig<T> {
  /** What the lane carries, for warnings: "log records", "ParityMismatch events". */
  label: string
  /** Undefined when the endpoint is not configured: the lane then ships nothing and counts it as dropped. */
  url: string | undefined
  licenseKey: string | undefined
  capacity: number
  cooldownMs: number
  batch: BatchLimits
  retry: RetryPolicy
  body: (batch: readonly T[]) => string
  /** A record reporting this lane's own losses, sent ahead of the backlog (logs lane only). */
  lossNotice?: (count: number, at: number) => T
}

export interface LaneDeps extends PostDeps {
  now: () => number
  warn: (message: string) => void
}

export interface Lane<T> {
  readonly buffer: BoundedBuffer<T>
  /** Ships what is pending; returns how many items were delivered. Never rejects. */
  flush(): Promise<number>
}

export function createLane<T>(config: LaneConfig<T>, deps: LaneDeps): Lane<T> {
  const buffer = new BoundedBuffer<T>(config.capacity)
  let coolingUntil = 0
  let warnedUnconfigured = false

  async function flush(): Promise<number> {
    if (!config.licenseKey || !config.url) {
      const n = buffer.drain().length
      buffer.countDropped(n)
      if (n > 0 && config.licenseKey && !warnedUnconfigured) {
        warnedUnconfigured = true
        deps.warn(`log-tail: no New Relic endpoint configured for ${config.label}; dropping them`)
      }
      return 0
    }
    if (deps.now() < coolingUntil) return 0
    const pending = buffer.drain()
    if (config.lossNotice) {
      const lost = buffer.takeUnreported()
      if (lost > 0) pending.push(config.lossNotice(lost, deps.now()))
    }
    const batches = toBatches(pending, config.batch)
    let delivered = 0
    for (let i = 0; i < batches.length; i++) {
      const batch = batches[i]!
      const outcome = await postBatch(config.url, config.licenseKey, config.body(batch), deps, config.retry)
      if (outcome.kind === 'delivered') {
        delivered += batch.length
      } else if (outcome.kind === 'rejected') {
        deps.warn(`log-tail: New Relic rejected ${batch.length} ${config.label} (HTTP ${outcome.status})`)
        buffer.countDropped(batch.length)
      } else {
        deps.warn(
          `log-tail: New Relic unavailable (${outcome.reason}); keeping ${pending.length - delivered} ${config.label}`,
        )
        coolingUntil = deps.now() + config.cooldownMs
        buffer.requeue(batches.slice(i).flat())
        break
      }
    }
    return delivered
  }

  return { buffer, flush }
}
