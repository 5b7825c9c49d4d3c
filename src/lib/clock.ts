// The one clock. Nothing in src/ reads Date.now() or new Date() for "now"
// directly: the request's instant is taken once, here, so tests and the
// parity harness can pin it (src/lib/test-hooks.ts) and every rule of one
// request (date defaults, key expiry, rate window) sees the same instant.
import type { Env } from '../env.ts'
import { pinnedNow } from './test-hooks.ts'

export function requestNow(env: Pick<Env, 'TEST_HOOKS' | 'ENVIRONMENT'>, headers: Headers): Date {
  return pinnedNow(env, headers) ?? new Date()
}

/** Milliseconds elapsed, for latency measurements (never for "now"). */
export function monotonicMs(): number {
  return performance.now()
}

const NEW_YORK_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** The calendar date (YYYY-MM-DD) in America/New_York at an instant: PHP's date('Y-m-d') with that default timezone. */
export function newYorkDate(at: Date): string {
  return NEW_YORK_DATE.format(at)
}

/** YYYY-MM-DD shifted by whole days, on the proleptic Gregorian calendar. */
export function addDays(isoDate: string, days: number): string {
  const t = Date.UTC(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10)))
  return new Date(t + days * 86_400_000).toISOString().slice(0, 10)
}

/** Whole days from a to b (YYYY-MM-DD each). */
export function daysBetween(a: string, b: string): number {
  const t = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)))
  return Math.round((t(b) - t(a)) / 86_400_000)
}

/** Start of the UTC clock hour containing the instant, and the next one. */
export function clockHour(at: Date): { startMs: number; endMs: number } {
  const startMs = Math.floor(at.getTime() / 3_600_000) * 3_600_000
  return { startMs, endMs: startMs + 3_600_000 }
}
