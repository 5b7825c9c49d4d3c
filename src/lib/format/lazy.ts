// Helpers for values that hold a PhpLazyList (rows produced while the body is written).
import { isLazyList, type PhpLazyList, type PhpValue } from './php-value.ts'

/** Whether rendering `value` has to wait for a lazy list somewhere inside it. */
export function containsLazy(value: PhpValue): boolean {
  if (isLazyList(value)) return true
  if (value === null || typeof value !== 'object') return false
  return Object.values(value).some(containsLazy)
}

/** The same value with every lazy list read into an array (for the rare shapes that cannot stream). */
export async function materialize(value: PhpValue): Promise<PhpValue> {
  if (isLazyList(value)) {
    const items: PhpValue[] = []
    for await (const item of value) items.push(await materialize(item))
    return items
  }
  if (value === null || typeof value !== 'object' || !containsLazy(value)) return value
  if (Array.isArray(value)) return Promise.all(value.map(materialize))
  const out: Record<string, PhpValue> = {}
  for (const [key, item] of Object.entries(value)) out[key] = await materialize(item)
  return out
}

/**
 * Reads the first item of a lazy list; `rest` then yields the remaining ones.
 * Lets a renderer decide how an empty list looks before writing anything.
 */
export async function peek(
  list: PhpLazyList,
): Promise<{ first: PhpValue | undefined; empty: boolean; rest: AsyncIterator<PhpValue> }> {
  const iterator = list[Symbol.asyncIterator]()
  const step = await iterator.next()
  return { first: step.done ? undefined : step.value, empty: step.done === true, rest: iterator }
}

/** Iterates the remaining items of an iterator obtained from `peek`. */
export async function* remaining(iterator: AsyncIterator<PhpValue>): AsyncGenerator<PhpValue> {
  for (;;) {
    const step = await iterator.next()
    if (step.done) return
    yield step.value
  }
}
