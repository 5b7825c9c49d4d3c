// Long date ranges, read a month at a time. Every daily query is ordered by
// date first, so the result of a range is the results of its consecutive
// windows, one after the other, in the same order — and each window's query
// groups and sorts a twelfth of a year, so the first rows (and the first
// byte of the body) come after one window's work instead of the whole
// year's. A range of a month or less is one query, as before.
import type { RowBatches } from '@adventive/worker-kit/db'
import { addDays, daysBetween } from '../../request/dates.ts'

/** Days per window. */
export const WINDOW_DAYS = 31

/** [from, to] cut into consecutive windows of at most `days` days. */
export function dateWindows(from: string, to: string, days = WINDOW_DAYS): [string, string][] {
  const windows: [string, string][] = []
  for (let start = from; daysBetween(start, to) >= 0; start = addDays(start, days)) {
    const end = addDays(start, days - 1)
    windows.push([start, daysBetween(end, to) >= 0 ? end : to])
  }
  return windows
}

/** The windows' results as one: each window's query runs when the one before it is exhausted. */
export function windowedRows(
  windows: [string, string][],
  open: (from: string, to: string) => RowBatches,
): RowBatches {
  let index = 0
  let current: RowBatches | null = windows.length > 0 ? open(...windows[0]!) : null
  return {
    async next() {
      while (current !== null) {
        const batch = await current.next()
        if (batch !== null) return batch
        index += 1
        current = index < windows.length ? open(...windows[index]!) : null
      }
      return null
    },
    cancel() {
      current?.cancel()
      current = null
    },
  }
}
