// Calendar arithmetic on YYYY-MM-DD strings (proleptic Gregorian, years
// 0000–9999, as PHP's DateTime handles them) and the New York "today".
// Pure functions: the request's instant comes from the caller (src/platform/clock.ts).

const NEW_YORK_DATE = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
})

/** The calendar date (YYYY-MM-DD) in America/New_York at an instant: PHP's date('Y-m-d') under that default timezone. */
export function newYorkDate(at: Date): string {
  return NEW_YORK_DATE.format(at)
}

function dayNumber(isoDate: string): number {
  const d = new Date(0)
  d.setUTCFullYear(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10)))
  return Math.round(d.getTime() / 86_400_000)
}

function fromDayNumber(day: number): string {
  const d = new Date(day * 86_400_000)
  const y = String(d.getUTCFullYear()).padStart(4, '0')
  return `${y}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`
}

/**
 * True iff PHP accepts the value as a date:
 * DateTime::createFromFormat('!Y-m-d', $v)->format('Y-m-d') === $v —
 * four-digit year, zero-padded month and day, a real calendar day.
 */
export function isStrictIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false
  return fromDayNumber(dayNumber(value)) === value
}

/** YYYY-MM-DD shifted by whole days. */
export function addDays(isoDate: string, days: number): string {
  return fromDayNumber(dayNumber(isoDate) + days)
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a)
}
