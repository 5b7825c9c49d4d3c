// How a MySQL value reaches the handlers: as PHP's mysqli gave it to the
// legacy app — the column's text (numbers, DATE 'YYYY-MM-DD', DATETIME
// 'YYYY-MM-DD HH:MM:SS', DECIMAL and BIGINT sums exact) or null. Used as the
// mysql2 `typeCast` option by src/lib/db.ts and by the Node-side adapters of
// tests and tools, so every reader of the databases agrees.

interface TextField {
  string(): string | null
}

export function phpTypeCast(field: TextField): string | null {
  return field.string()
}
