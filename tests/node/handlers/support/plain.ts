// A handler's PHP value as plain JSON data, to compare with JSON.parse of a
// recorded body: lazy lists drained, PHP ints (bigint) as JS numbers.
import { isLazyList, type PhpValue } from '../../../../src/lib/format/php-value.ts'

export type Plain = null | boolean | string | number | Plain[] | { [key: string]: Plain }

export async function toPlain(value: PhpValue): Promise<Plain> {
  if (typeof value === 'bigint') return Number(value)
  if (value === null || typeof value !== 'object') return value
  if (isLazyList(value)) {
    const items: Plain[] = []
    for await (const item of value) items.push(await toPlain(item))
    return items
  }
  if (Array.isArray(value)) return Promise.all(value.map(toPlain))
  const out: { [key: string]: Plain } = {}
  for (const [key, item] of Object.entries(value)) out[key] = await toPlain(item)
  return out
}
