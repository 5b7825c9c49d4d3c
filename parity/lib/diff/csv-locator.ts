// Where an offset falls in a CSV document (already decoded from UTF-16LE):
// row and column, 1-based, row 1 being the header, with the column's name.
// Quoting follows fputcsv: `"` encloses, `""` escapes, `,` and `\n` separate.

export interface CsvCell {
  row: number
  column: number
  /** The header row's name for that column, when there is one. */
  header: string | null
}

function headerNames(text: string): string[] {
  const names: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"'
        i++
      } else if (ch === '"') quoted = false
      else field += ch
    } else if (ch === '"') quoted = true
    else if (ch === ',') {
      names.push(field)
      field = ''
    } else if (ch === '\n') break
    else field += ch
  }
  names.push(field)
  return names
}

export function csvCellAt(text: string, offset: number): CsvCell {
  let row = 1
  let column = 1
  let quoted = false
  for (let i = 0; i < Math.min(offset, text.length); i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') i++
      else if (ch === '"') quoted = false
    } else if (ch === '"') quoted = true
    else if (ch === ',') column++
    else if (ch === '\n') {
      row++
      column = 1
    }
  }
  return { row, column, header: headerNames(text)[column - 1] ?? null }
}

export function describeCell(cell: CsvCell): string {
  return `row ${cell.row}, column ${cell.column}${cell.header === null ? '' : ` (${cell.header})`}`
}
