// Compares two JSON values by shape only: field names, their order and the
// value types, recursively (values differ by design, e.g. Prism's examples;
// null against a value is a value difference of a nullable field).
import type { Mismatch } from './verdict-types.ts'
import { memberSegment } from '../../src/shadow/locators/json-locator.ts'

export function typeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

const isScalar = (type: string) => type !== 'array' && type !== 'object'

/**
 * The first shape difference in document order, or null. With
 * `scalarTypes: false` only the structure counts (objects, lists, keys and
 * their order) — for bodies whose scalar types the schema judges instead
 * (a legacy count can be the int 0 or a MySQL string).
 */
export function shapeDiff(
  expected: unknown,
  actual: unknown,
  path = '$',
  scalarTypes = true,
): Mismatch | null {
  const expectedType = typeOf(expected)
  const actualType = typeOf(actual)
  // A nullable field is null in one body and a value in the other: a value difference.
  if (expectedType === 'null' || actualType === 'null') return null
  if (!scalarTypes && isScalar(expectedType) && isScalar(actualType)) return null
  if (expectedType !== actualType)
    return { field: 'shape', where: path, expected: expectedType, actual: actualType }
  if (expectedType === 'array') {
    const [e] = expected as unknown[]
    const [a] = actual as unknown[]
    // Element counts are data, not shape: compare the first element of each.
    return e === undefined || a === undefined ? null : shapeDiff(e, a, `${path}[0]`, scalarTypes)
  }
  if (expectedType !== 'object') return null
  const expectedKeys = Object.keys(expected as object)
  const actualKeys = Object.keys(actual as object)
  if (expectedKeys.join('\u0000') !== actualKeys.join('\u0000')) {
    return {
      field: 'shape',
      where: path,
      expected: `keys ${expectedKeys.join(',')}`,
      actual: `keys ${actualKeys.join(',')}`,
    }
  }
  for (const key of expectedKeys) {
    const inner = shapeDiff(
      (expected as Record<string, unknown>)[key],
      (actual as Record<string, unknown>)[key],
      path + memberSegment(key),
      scalarTypes,
    )
    if (inner) return inner
  }
  return null
}
