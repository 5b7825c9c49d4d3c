// Pinned clocks. Both sides count requests per credential per UTC clock hour
// and take "today" from now, so the fuzzer pins now on both (the Worker's
// X-Test-Now, honoured with TEST_HOOKS=1 on a local stack; the PHP origin's
// X-Legacy-Now) and moves to a new clock hour every WINDOW_SIZE requests:
// every window starts with empty counters on both sides, and the generator
// spends at most each credential's rph in a window, so no request is ever
// rate limited and the order in which concurrent requests arrive cannot
// change an answer. The Worker also gets a fresh X-Test-Rate-Namespace per
// window and run; the PHP origin's counters live in its database
// (legacy_limits) and are emptied before a run (--reset-reference-limits).
import { seeded } from './random.ts'

export const WINDOW_SIZE = 150

/**
 * Instants at the edges the contract cares about, each in its own clock
 * hour: New York midnight and DST changes (the default dates), key expiry
 * (2024-03-01 and 2030-01-01, strictly after now), leap days, year ends,
 * the data period's end, the epoch and the far future.
 */
export const EDGE_INSTANTS = [
  '2024-03-15T14:05:00.000Z',
  '2024-03-10T06:59:59.000Z',
  '2024-03-10T07:00:00.000Z',
  '2024-11-03T05:30:00.000Z',
  '2024-11-03T06:30:00.000Z',
  '2024-03-01T04:59:59.999Z',
  '2024-03-01T05:00:00.000Z',
  '2024-02-29T23:59:59.999Z',
  '2024-03-01T00:00:00.000Z',
  '2024-01-01T04:59:59.000Z',
  '2023-12-31T23:30:00.000Z',
  '2024-04-01T03:59:59.000Z',
  '2024-04-01T04:00:00.000Z',
  '2029-12-31T23:59:59.000Z',
  '2030-01-01T00:00:00.000Z',
  '2038-01-19T03:14:08.000Z',
  '2000-02-29T12:00:00.000Z',
  '1970-01-01T00:00:00.000Z',
  '2099-12-31T23:59:59.000Z',
]

const HOUR_MS = 3_600_000
const RANDOM_FROM = Date.parse('2023-06-01T00:00:00Z')
const RANDOM_TO = Date.parse('2024-06-30T23:59:59Z')

/**
 * The pinned instant of each window of a run: the edge instants first,
 * then random instants around the data period, every one in a clock hour of
 * its own (so windows never share a counter).
 */
export function windowInstants(seed: number, windows: number): string[] {
  const random = seeded(`clock:${seed}`)
  const hours = new Set<number>()
  const out: string[] = []
  const take = (ms: number) => {
    const hour = Math.floor(ms / HOUR_MS)
    if (hours.has(hour)) return
    hours.add(hour)
    out.push(new Date(ms).toISOString())
  }
  for (const iso of random.shuffle(EDGE_INSTANTS)) {
    if (out.length >= windows) break
    take(Date.parse(iso))
  }
  while (out.length < windows) take(RANDOM_FROM + Math.floor(random.next() * (RANDOM_TO - RANDOM_FROM)))
  return out
}

export const windowOf = (index: number) => Math.floor(index / WINDOW_SIZE)
