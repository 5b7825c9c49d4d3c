// One large response, read as a client would: time to the first body byte,
// time to the last, the body's size and SHA-256 (to prove the Worker and the
// reference sent the same bytes), and how far the serving processes' memory
// rose above where it was when the request started.
import { createHash } from 'node:crypto'
import { REQUEST_HEADERS } from './drive.ts'
import { memoryMb, resetPeakRss } from './processes.ts'

export interface LargeBody {
  status: number
  bytes: number
  sha256: string
  firstByteMs: number
  totalMs: number
  /** Peak RSS minus RSS at the start, of the process that grew most (MiB); null without clear_refs. */
  peakGrowthMb: number | null
}

export async function fetchLarge(url: string, serving: number[]): Promise<LargeBody> {
  const before = new Map(memoryMb(serving).map((m) => [m.pid, m.rss]))
  const canReset = resetPeakRss(serving)
  const hash = createHash('sha256')
  const started = performance.now()
  const res = await fetch(url, { headers: REQUEST_HEADERS, signal: AbortSignal.timeout(120_000) })
  const reader = res.body!.getReader()
  let firstByteMs = 0
  let bytes = 0
  for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
    if (bytes === 0) firstByteMs = performance.now() - started
    bytes += chunk.value.byteLength
    hash.update(chunk.value)
  }
  const totalMs = performance.now() - started
  const growth = memoryMb(serving).map((m) => m.peak - (before.get(m.pid) ?? m.rss))
  return {
    status: res.status,
    bytes,
    sha256: hash.digest('hex'),
    firstByteMs,
    totalMs,
    peakGrowthMb: canReset ? Math.max(0, ...growth) : null,
  }
}
