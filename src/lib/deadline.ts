// One way to bound a promise in time. Dependencies (auth helper, rate
// limiter, database) must fail fast and distinguishably instead of hanging
// the request until the runtime kills it.

/** Settles like `work`, or rejects with `onTimeout()` after `ms` (and calls `onTimeout` once). */
export function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms)
  })
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer))
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
