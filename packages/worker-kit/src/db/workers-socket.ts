// The MySQL driver's byte stream on the runtime's own TCP socket
// (cloudflare:sockets), handed to mysql2 through its `stream` option instead
// of the Node-compatibility net.Socket it would otherwise build. That layer
// (stream buffering, a promise and a copy per write, Readable bookkeeping per
// chunk) was a third of the Worker's CPU on a small database request; this
// adapter keeps only what mysql2 uses: 'data' / 'end' / 'close' / 'error'
// events, write, end, destroy, pause and resume.
//
// Workers-only (imports cloudflare:sockets): the Workers pass it to the DB
// client; Node-side tools and tests keep the driver's default socket.
import { connect } from 'cloudflare:sockets'
import { EventEmitter } from 'node:events'

// Reads go into buffers of our own (a BYOB reader): the runtime's default
// reader hands a socket's bytes over 4 KiB at a time, so a 150 KiB result
// took some 40 reads, each an await, a wrapper and often a packet split
// across two chunks. A read that fills its buffer doubles the next one.
const FIRST_READ_BYTES = 16 * 1024
const MAX_READ_BYTES = 256 * 1024

export class WorkersSocketStream extends EventEmitter {
  destroyed = false
  private readonly socket: Socket
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>
  private paused = false
  private resume_: (() => void) | null = null

  constructor(host: string, port: number) {
    super()
    this.socket = connect({ hostname: host, port }, { allowHalfOpen: false })
    this.writer = this.socket.writable.getWriter()
    void this.readLoop()
  }

  private async readLoop(): Promise<void> {
    const reader = this.socket.readable.getReader({ mode: 'byob' })
    let size = FIRST_READ_BYTES
    try {
      for (;;) {
        if (this.paused) await new Promise<void>((resolve) => (this.resume_ = resolve))
        // A fresh buffer each time: the driver may keep a partial packet's bytes until the next read.
        const { value, done } = await reader.read(new Uint8Array(size))
        if (done || value === undefined) break
        if (value.byteLength === size && size < MAX_READ_BYTES) size *= 2
        // A view, not a copy: the driver's packet parser reads it synchronously.
        this.emit('data', Buffer.from(value.buffer, value.byteOffset, value.byteLength))
      }
      this.emit('end')
    } catch (err) {
      if (!this.destroyed) this.emit('error', normalize(err))
    } finally {
      this.destroyed = true
      this.emit('close')
    }
  }

  write(chunk: Uint8Array, callback?: (err?: Error | null) => void): boolean {
    this.writer.write(chunk).then(
      () => callback?.(null),
      (err: unknown) => callback?.(normalize(err)),
    )
    return true
  }

  pause(): this {
    this.paused = true
    return this
  }

  resume(): this {
    this.paused = false
    const resume = this.resume_
    this.resume_ = null
    resume?.()
    return this
  }

  end(): this {
    if (!this.destroyed) void this.writer.close().catch(() => undefined)
    return this
  }

  destroy(): this {
    if (!this.destroyed) {
      this.destroyed = true
      void this.socket.close().catch(() => undefined)
    }
    return this
  }

  // net.Socket options the driver may set; meaningless here.
  setNoDelay(): this {
    return this
  }

  setKeepAlive(): this {
    return this
  }
}

/** Socket errors as the DB layer classifies them (a refused or lost connection is transient). */
function normalize(err: unknown): Error {
  const error = err instanceof Error ? err : new Error(String(err))
  // workerd reports a refused connection as "Stream was cancelled.": transient too (one retry).
  if (
    (error as { code?: string }).code === undefined &&
    /refused|reset|lost|closed|cancell?ed/i.test(error.message)
  ) {
    ;(error as { code?: string }).code = 'ECONNRESET'
  }
  return error
}

/** The factory the DB client takes: a byte stream to host:port. */
export const workersSocket = (host: string, port: number) => new WorkersSocketStream(host, port)
