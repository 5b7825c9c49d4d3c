// Picks wrangler's error blocks out of its output — a "✘ [ERROR] …" line and the indented or
// blank lines under it (esbuild's file:line, the code frame) — so `npm start` can show a
// build error without the 40 lines of binding tables around it, and without --verbose.
// A block ends at the next unindented line, or when wrangler has been quiet for `quietMs`
// (after a failed build it prints nothing more until a file changes). Blocks are handed on
// as plain text (colour codes stripped), readable in a terminal, a log or an error message.

// eslint-disable-next-line no-control-regex -- ESC is exactly what a colour code starts with.
const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g
const ERROR_START = /^\s*(?:✘|X) \[ERROR\]/

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '')
}

export class WranglerErrorBlocks {
  private partial = ''
  private block: string[] = []
  private timer: ReturnType<typeof setTimeout> | undefined
  private readonly onBlock: (block: string) => void
  private readonly quietMs: number

  constructor(onBlock: (block: string) => void, quietMs = 250) {
    this.onBlock = onBlock
    this.quietMs = quietMs
  }

  /** Feed a chunk of wrangler's stdout or stderr (lines may be split across chunks). */
  push(chunk: string): void {
    const lines = (this.partial + chunk).split('\n')
    this.partial = lines.pop() ?? ''
    for (const line of lines) this.line(line)
    clearTimeout(this.timer)
    if (this.block.length > 0 || this.partial !== '') {
      this.timer = setTimeout(() => this.flush(), this.quietMs)
      this.timer.unref?.()
    }
  }

  /** Ends the current block (and a last unterminated line): on quiet, and when wrangler exits. */
  flush(): void {
    clearTimeout(this.timer)
    if (this.partial !== '') {
      const rest = this.partial
      this.partial = ''
      this.line(rest)
    }
    this.end()
  }

  private line(line: string): void {
    const plain = stripAnsi(line)
    if (ERROR_START.test(plain) && !/^\s/.test(plain)) {
      this.end()
      this.block.push(line)
    } else if (this.block.length > 0 && (plain.trim() === '' || /^\s/.test(plain))) {
      this.block.push(line)
    } else {
      this.end()
    }
  }

  private end(): void {
    while (this.block.length > 0 && stripAnsi(this.block.at(-1)!).trim() === '') this.block.pop()
    if (this.block.length > 0) this.onBlock(stripAnsi(this.block.join('\n')))
    this.block = []
  }
}
