// Splits records into New Relic payloads. The Logs and Event APIs take at
// most 1 MB per POST (and reject larger ones with 413), so batches are
// bounded by serialised size as well as by count.
import type { LogRecord } from './records.ts'

export interface BatchLimits {
  maxRecords: number
  maxBytes: number
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = { maxRecords: 500, maxBytes: 900_000 }

const encoder = new TextEncoder()
const sizeOf = (record: unknown) => encoder.encode(JSON.stringify(record)).length + 1

export function toBatches<T>(records: readonly T[], limits: BatchLimits = DEFAULT_BATCH_LIMITS): T[][] {
  const batches: T[][] = []
  let current: T[] = []
  let bytes = 0
  for (const record of records) {
    const size = sizeOf(record)
    if (current.length > 0 && (current.length >= limits.maxRecords || bytes + size > limits.maxBytes)) {
      batches.push(current)
      current = []
      bytes = 0
    }
    current.push(record)
    bytes += size
  }
  if (current.length > 0) batches.push(current)
  return batches
}

/** The Logs API's "detailed" payload: shared attributes once, then the records. */
export function payload(batch: readonly LogRecord[], common: Record<string, string>): string {
  return JSON.stringify([{ common: { attributes: common }, logs: batch }])
}
