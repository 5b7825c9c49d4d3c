// Every structured line the stack's workerd writes, kept in order, so a fault
// case can assert what was logged for its request (the one `request` line,
// `ratelimit.fallback`, `response.stream_failed`, …), matched by the
// X-Request-Id its response carried.

export interface LogLine {
  level: string
  event: string
  request_id?: string
  [field: string]: unknown
}

export interface LogBook {
  /** Takes one line from workerd (JSON lines only; runtime chatter is kept apart). */
  push(log: { level: string; message: string }): void
  /** The lines of one request (by request_id), in order. */
  of(requestId: string): LogLine[]
  /** Lines whose event is `event`, optionally of one request. */
  events(event: string, requestId?: string): LogLine[]
  /** Every JSON line so far. */
  all(): LogLine[]
  /** Non-JSON output (runtime warnings, uncaught errors). */
  other(): string[]
  /** Resolves with the first line (already there or still to come) that matches, or rejects after `timeoutMs`. */
  waitFor(match: (line: LogLine) => boolean, timeoutMs: number, what: string): Promise<LogLine>
}

export function createLogBook(): LogBook {
  const lines: LogLine[] = []
  const other: string[] = []
  const waiters = new Set<{ match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }>()

  const record = (line: LogLine) => {
    lines.push(line)
    for (const waiter of waiters) {
      if (waiter.match(line)) {
        waiters.delete(waiter)
        waiter.resolve(line)
      }
    }
  }

  return {
    push({ message }) {
      for (const text of message.split('\n')) {
        const trimmed = text.trim()
        if (trimmed === '') continue
        try {
          const parsed = JSON.parse(trimmed) as unknown
          if (parsed && typeof parsed === 'object' && typeof (parsed as LogLine).event === 'string') {
            record(parsed as LogLine)
            continue
          }
        } catch {
          // not a JSON line
        }
        other.push(trimmed)
      }
    },
    of: (requestId) => lines.filter((line) => line.request_id === requestId),
    events: (event, requestId) =>
      lines.filter(
        (line) => line.event === event && (requestId === undefined || line.request_id === requestId),
      ),
    all: () => [...lines],
    other: () => [...other],
    waitFor(match, timeoutMs, what) {
      const found = lines.find(match)
      if (found) return Promise.resolve(found)
      return new Promise<LogLine>((resolve, reject) => {
        const waiter = {
          match,
          resolve: (line: LogLine) => {
            clearTimeout(timer)
            resolve(line)
          },
        }
        const timer = setTimeout(() => {
          waiters.delete(waiter)
          reject(new Error(`no log line ${what} within ${timeoutMs} ms`))
        }, timeoutMs)
        waiters.add(waiter)
      })
    },
  }
}
