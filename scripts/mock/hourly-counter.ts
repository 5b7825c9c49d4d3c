// The hourly limit as the API counts it: per credential, per clock hour (UTC); the request
// that would be number rph + 1 in the hour, and every later one, is refused. In memory:
// a restart of the mock starts every count again.
export interface HourlyVerdict {
  allowed: boolean
  headers: Record<string, string>
}

export function createHourlyCounter() {
  const counts = new Map<string, { hourStartMs: number; count: number }>()
  return {
    /** Counts one request of `key` at `now` against `rph`. */
    count(key: string, rph: number, now: Date): HourlyVerdict {
      const hourStartMs = Math.floor(now.getTime() / 3_600_000) * 3_600_000
      const endMs = hourStartMs + 3_600_000
      const entry = counts.get(key)
      const count = entry && entry.hourStartMs === hourStartMs ? entry.count + 1 : 1
      counts.set(key, { hourStartMs, count })
      const headers: Record<string, string> = {
        'X-RateLimit-Limit': String(rph),
        'X-RateLimit-Remaining': String(Math.max(0, rph - count)),
        'X-RateLimit-Reset': String(endMs / 1000),
      }
      if (count <= rph) return { allowed: true, headers }
      const retryAfter = Math.max(1, Math.ceil((endMs - now.getTime()) / 1000))
      return { allowed: false, headers: { ...headers, 'Retry-After': String(retryAfter) } }
    },
  }
}
