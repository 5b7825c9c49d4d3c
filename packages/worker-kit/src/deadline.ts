// One wall-clock budget per request for everything that waits on a
// dependency: connecting, every query, and each wait for the next rows of a
// streamed result. Budgets per call add up (six sequential queries of 10 s
// each held a request for a minute); a single deadline cannot.

export interface Deadline {
  /** The whole budget, in milliseconds. */
  readonly budgetMs: number
  /** Milliseconds left (0 when spent). */
  remainingMs(): number
  /**
   * Settles like `work`, or, once the deadline passes, rejects with
   * `onExpire()` (which also releases whatever `work` holds). Work that
   * starts after the deadline is refused at once.
   */
  race<T>(work: Promise<T>, onExpire: () => Error): Promise<T>
}

/** Starts a deadline `budgetMs` from now. `clock` is injectable for tests. */
export function startDeadline(budgetMs: number, clock: () => number = () => performance.now()): Deadline {
  const endsAt = clock() + budgetMs
  const remainingMs = () => Math.max(0, endsAt - clock())
  return {
    budgetMs,
    remainingMs,
    race<T>(work: Promise<T>, onExpire: () => Error): Promise<T> {
      const left = remainingMs()
      if (left <= 0) {
        // Keep the caller's promise from rejecting unobserved later.
        work.catch(() => undefined)
        return Promise.reject(onExpire())
      }
      // The deadline wins once it has passed, even when onExpire() itself settles `work`
      // (cancelling a read wakes it): a woken wait must not look like work that finished.
      return new Promise<T>((resolve, reject) => {
        let settled = false
        const timer = setTimeout(() => {
          if (settled) return
          settled = true
          reject(onExpire())
        }, left)
        work.then(
          (value) => {
            if (settled) return
            settled = true
            clearTimeout(timer)
            resolve(value)
          },
          (err: unknown) => {
            if (settled) return
            settled = true
            clearTimeout(timer)
            reject(err)
          },
        )
      })
    },
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
