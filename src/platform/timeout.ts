// A bound on one call to a dependency that is not the database (auth helper,
// rate limiter): it must fail fast and distinguishably instead of hanging the
// request. The database has the request-wide deadline of @adventive/worker-kit;
// this is the same race, with a budget of its own.
import { startDeadline } from '@adventive/worker-kit/deadline'

/** Settles like `work`, or rejects with `onTimeout()` after `ms`. */
export function withTimeout<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  return startDeadline(ms).race(work, onTimeout)
}
