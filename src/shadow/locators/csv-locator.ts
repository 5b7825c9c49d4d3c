// Where an offset falls in a CSV document (already decoded from UTF-16LE):
// row and column, 1-based, row 1 being the header, with the column's name.
// Quoting follows PHP 8.2's fputcsv (escape character `\`): `"` encloses;
// inside quotes `""` is a literal quote, except that a `"` right after a
// `\` (or a run of them) is written alone and is literal too; `,` and `\n`
// separate outside quotes.

export interface CsvCell {
  row: number
  column: number
  /** The header row's name for that column, when there is one. */
  header: string | null
}

type Piece = { kind: 'char'; ch: string } | { kind: 'comma' } | { kind: 'newline' }

/** The text's characters up to `end` as field content, separators and line ends (quotes consumed). */
function* pieces(text: string, end = text.length): Generator<Piece> {
  let quoted = false
  let escaped = false
  for (let i = 0; i < Math.min(end, text.length); i++) {
    const ch = text[i]!
    if (!quoted) {
      if (ch === '"') quoted = true
      else if (ch === ',') yield { kind: 'comma' }
      else if (ch === '\n') yield { kind: 'newline' }
      else yield { kind: 'char', ch }
      continue
    }
    if (ch === '\\') {
      escaped = true
    } else if (ch === '"' && !escaped) {
      if (text[i + 1] === '"') i++
      else {
        quoted = false
        continue
      }
    } else {
      escaped = false
    }
    yield { kind: 'char', ch }
  }
}

function headerNames(text: string): string[] {
  const names: string[] = []
  let field = ''
  for (const piece of pieces(text)) {
    if (piece.kind === 'newline') break
    if (piece.kind === 'comma') {
      names.push(field)
      field = ''
    } else field += piece.ch
  }
  names.push(field)
  return names
}

export function csvCellAt(text: string, offset: number): CsvCell {
  let row = 1
  let column = 1
  for (const piece of pieces(text, offset)) {
    if (piece.kind === 'comma') column++
    else if (piece.kind === 'newline') {
      row++
      column = 1
    }
  }
  return { row, column, header: headerNames(text)[column - 1] ?? null }
}

export function describeCell(cell: CsvCell): string {
  return `row ${cell.row}, column ${cell.column}${cell.header === null ? '' : ` (${cell.header})`}`
}
