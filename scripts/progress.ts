// Progress of a long command (parity, load) on stderr, so a run of minutes never looks hung:
// on a terminal one line redrawn in place whenever the whole percentage changes; in a log
// (CI, npm test) one line per tenth of the work, so logs stay short.

export interface ProgressStream {
  write(text: string): unknown
  isTTY?: boolean
}

export interface Progress {
  /** `fraction` of the work is done (0…1); `detail` says what, e.g. "42/131 cases, 0 failed". */
  update(fraction: number, detail: string): void
  /** Clears the redrawn line before the caller prints something else (terminal only). */
  interrupt(): void
  /** Ends the progress display (the caller prints its own summary next). */
  finish(): void
}

export function createProgress(label: string, stream: ProgressStream = process.stderr): Progress {
  const tty = stream.isTTY === true
  let shownStep = -1
  let drawn = false
  return {
    update(fraction, detail) {
      const percent = Math.floor(Math.min(Math.max(fraction, 0), 1) * 100)
      const step = tty ? percent : Math.floor(percent / 10)
      if (step === shownStep) return
      shownStep = step
      const line = `${label}: ${percent}% (${detail})`
      if (tty) {
        stream.write(`\r\x1b[K${line}`)
        drawn = true
      } else {
        stream.write(`${line}\n`)
      }
    },
    interrupt() {
      if (tty && drawn) {
        stream.write('\r\x1b[K')
        drawn = false
        shownStep = -1
      }
    },
    finish() {
      if (tty && drawn) stream.write('\n')
      drawn = false
    },
  }
}
