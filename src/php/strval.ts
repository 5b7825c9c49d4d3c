// PHP's string conversion of a value, as strval()/(string) and string
// parameters apply it: what the XML and CSV renderers print for a scalar.
import { formatFloatString } from './float-format.ts'
import type { PhpValue } from '../render/php-value.ts'

/** strval($v): null and false → '', true → '1', floats with precision 14, arrays → 'Array'. */
export function phpStrval(value: PhpValue): string {
  if (value === null || value === false) return ''
  if (value === true) return '1'
  if (typeof value === 'string') return value
  if (typeof value === 'bigint') return value.toString()
  if (typeof value === 'number') return formatFloatString(value)
  return 'Array'
}
