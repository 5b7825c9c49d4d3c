// Records waiting to be shipped, kept across tail() calls in the isolate so
// a New Relic outage does not lose them at once — but bounded: when full,
// the oldest records go first, and the count of dropped records is kept so
// the loss itself is reported once New Relic answers again.

export class BoundedBuffer<T> {
  readonly capacity: number
  #items: T[] = []
  #unreported = 0
  #droppedTotal = 0

  constructor(capacity: number) {
    if (!(capacity > 0)) throw new RangeError('capacity must be positive')
    this.capacity = capacity
  }

  get size(): number {
    return this.#items.length
  }

  /** Every record dropped since this buffer was created. */
  get droppedTotal(): number {
    return this.#droppedTotal
  }

  /** Appends new records; drops the oldest beyond capacity. */
  push(items: readonly T[]): void {
    this.#items.push(...items)
    this.#trim()
  }

  /** Puts records that could not be shipped back in front (they are the oldest). */
  requeue(items: readonly T[]): void {
    this.#items.unshift(...items)
    this.#trim()
  }

  /** Removes and returns everything, oldest first. */
  drain(): T[] {
    return this.#items.splice(0, this.#items.length)
  }

  /** Counts records lost another way (e.g. rejected by New Relic). */
  countDropped(n: number): void {
    this.#unreported += n
    this.#droppedTotal += n
  }

  /** Dropped records not yet reported, and resets that count. */
  takeUnreported(): number {
    const n = this.#unreported
    this.#unreported = 0
    return n
  }

  #trim(): void {
    const overflow = this.#items.length - this.capacity
    if (overflow > 0) {
      this.#items.splice(0, overflow)
      this.countDropped(overflow)
    }
  }
}
