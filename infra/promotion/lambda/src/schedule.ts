// The staggered weekly roll-out of plan §"Tunnel maintenance": dev Tue 07:00, stg Tue 09:00,
// prd Tue 11:00 UTC, anchored on the first Tuesday 07:00 UTC at or after the AMI became available
// (the pipeline runs Tue 06:00, so normally the same morning).
export type Env = 'dev' | 'stg' | 'prd'
export interface Slot {
  env: Env
  waitUntil: string
}

const TUESDAY = 2
const SLOT_HOURS: readonly [Env, number][] = [
  ['dev', 7],
  ['stg', 9],
  ['prd', 11],
]

export function staggeredSchedule(availableAt: Date): Slot[] {
  const anchor = new Date(
    Date.UTC(availableAt.getUTCFullYear(), availableAt.getUTCMonth(), availableAt.getUTCDate(), 7),
  )
  anchor.setUTCDate(anchor.getUTCDate() + ((TUESDAY - anchor.getUTCDay() + 7) % 7))
  if (anchor.getTime() < availableAt.getTime()) anchor.setUTCDate(anchor.getUTCDate() + 7)
  return SLOT_HOURS.map(([env, hour]) => {
    const at = new Date(anchor)
    at.setUTCHours(hour)
    return { env, waitUntil: at.toISOString().replace('.000Z', 'Z') }
  })
}
