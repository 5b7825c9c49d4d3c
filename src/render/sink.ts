// Where the renderers write: bytes, not strings. A body is encoded as it is
// written — JSON and XML as UTF-8, CSV as UTF-16LE — into one growing buffer,
// which is handed to the response in chunks of CHUNK_BYTES or more at
// natural breaks (after a batch of rows). Writing the encoded bytes directly
// avoids building a large string of many small pieces and encoding it
// afterwards (a third of the rendering time), and a format's escaping
// happens in the same pass as the copy.
//
// Pull model: the renderer runs as an async function; at each boundary with
// a full chunk it hands the chunk over and waits until the reader wants the
// next one. One await per batch of rows, never one per row or value.

import { utf8Into } from './utf8.ts'

/** Bytes handed over at a time (at least; a big batch may make a chunk larger). */
export const CHUNK_BYTES = 128 * 1024

/** Most bodies are small (an error, a credentials check): start small, grow when a body is not. */
const INITIAL_BYTES = 8 * 1024

type Step = { bytes: Uint8Array; done: boolean }

const EMPTY = new Uint8Array(0)

export class BodySink {
  private buf = new Uint8Array(INITIAL_BYTES)
  private length = 0
  private started = false
  private deliver: ((step: Step) => void) | null = null
  private fail: ((err: unknown) => void) | null = null
  private resumeRenderer: (() => void) | null = null
  private readonly render: (out: BodySink) => Promise<void>

  constructor(render: (out: BodySink) => Promise<void>) {
    this.render = render
  }

  /** Room for `n` more bytes. */
  private room(n: number): void {
    if (this.length + n <= this.buf.length) return
    const bigger = new Uint8Array(Math.max(this.buf.length * 2, this.length + n))
    bigger.set(this.buf.subarray(0, this.length))
    this.buf = bigger
  }

  /**
   * For a format's tight loops: the buffer, with room for `n` more bytes from
   * `position` on. Write into it, then `advance` to the new position.
   */
  reserve(n: number): Uint8Array {
    this.room(n)
    return this.buf
  }

  get position(): number {
    return this.length
  }

  advance(to: number): void {
    this.length = to
  }

  /** One byte (ASCII). */
  byte(code: number): void {
    this.room(1)
    this.buf[this.length++] = code
  }

  /** Text known to be ASCII (structure, numbers, tag names), one byte per character. */
  ascii(text: string): void {
    const n = text.length
    this.room(n)
    const buf = this.buf
    let at = this.length
    for (let i = 0; i < n; i++) buf[at++] = text.charCodeAt(i)
    this.length = at
  }

  /**
   * Any text as UTF-8, as TextEncoder writes it (a lone surrogate becomes
   * U+FFFD). Room is reserved for the worst case first — three bytes per
   * UTF-16 unit (a surrogate pair: two units, four bytes) — so no write lands
   * past the end of the buffer.
   */
  utf8(text: string): void {
    this.room(3 * text.length)
    this.length = utf8Into(this.buf, this.length, text)
  }

  /** One UTF-16 code unit, little-endian. */
  utf16Unit(c: number): void {
    this.room(2)
    this.buf[this.length++] = c & 0xff
    this.buf[this.length++] = c >> 8
  }

  /** Any text as UTF-16LE (every code unit as it is, surrogate pairs stay pairs). */
  utf16(text: string): void {
    const n = text.length
    this.room(2 * n)
    const buf = this.buf
    let at = this.length
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i)
      buf[at++] = c & 0xff
      buf[at++] = c >> 8
    }
    this.length = at
  }

  /** The bytes written since the last hand-over, and (unless it is the last) a fresh buffer for what follows. */
  private take(last = false): Uint8Array {
    const bytes = this.buf.subarray(0, this.length)
    // The next chunk will be as big: no growing again.
    this.buf = last ? EMPTY : new Uint8Array(this.buf.length)
    this.length = 0
    return bytes
  }

  /** A point where the body may be cut: hands over a full chunk and waits for the next read. */
  boundary(): Promise<void> | undefined {
    if (this.length < CHUNK_BYTES || !this.deliver) return undefined
    const deliver = this.deliver
    this.deliver = null
    const bytes = this.take()
    return new Promise<void>((resume) => {
      this.resumeRenderer = resume
      deliver({ bytes, done: false })
    })
  }

  /**
   * The next chunk. `done: true` comes with the last bytes (maybe none), so a
   * body that fits one chunk is known whole at once. Calls must not overlap
   * (a stream's pull never does).
   */
  next(): Promise<Step> {
    return new Promise<Step>((resolve, reject) => {
      this.deliver = resolve
      this.fail = reject
      if (this.started) {
        const resume = this.resumeRenderer
        this.resumeRenderer = null
        resume?.()
        return
      }
      this.started = true
      this.render(this).then(
        () => this.deliver?.({ bytes: this.take(true), done: true }),
        (err: unknown) => this.fail?.(err),
      )
    })
  }
}
