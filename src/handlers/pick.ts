// MySQL row → PHP array with exactly the output columns, in output order.
import type { Row } from '../lib/db-types.ts'
import type { PhpAssoc } from '../lib/format/php-value.ts'

export function pick(row: Row, columns: readonly string[]): PhpAssoc {
  const picked: PhpAssoc = {}
  for (const column of columns) picked[column] = row[column] ?? null
  return picked
}
