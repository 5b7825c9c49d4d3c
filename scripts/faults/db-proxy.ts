// A TCP proxy between one stack's Workers and the real MariaDB, so the fault
// suite can take the database away from that stack alone: the rest of the
// test suite keeps using the same server undisturbed. Every connection is
// piped one to one (Hyperdrive's local mode opens one upstream connection per
// Worker socket), so the proxy knows which server connections are the
// stack's: PROCESSLIST's Host column ends with the proxy's upstream port.
//
//   stop()  — the database stopped: open connections drop, new ones are refused (ECONNREFUSED)
//   hang()  — the database stops answering: new connections are accepted and never served
//   start() — it is back, on the same port
//   throttle(bytesPerSecond) — the server's bytes reach the Workers at most this fast (null: at
//     once), so a long result is still being sent when a fault hits mid-body
import { createServer, connect, type Server, type Socket } from 'node:net'

export interface DbProxy {
  readonly port: number
  /** The local ports of the proxy's open connections to the server (PROCESSLIST: `127.0.0.1:<port>`). */
  upstreamPorts(): number[]
  /** Connections accepted since the proxy started (each is one Worker connect). */
  accepted(): number
  stop(): Promise<void>
  hang(): Promise<void>
  start(): Promise<void>
  throttle(bytesPerSecond: number | null): void
  close(): Promise<void>
}

export async function startDbProxy(target: { host: string; port: number }, port = 0): Promise<DbProxy> {
  const pairs = new Set<{ client: Socket; upstream: Socket }>()
  const held = new Set<Socket>()
  let accepted = 0
  let hanging = false
  let rate: number | null = null
  let server: Server | null = null

  /** Like pipe(), with the throttle: after each chunk the source waits for the sink and for its share of time. */
  const forward = (source: Socket, sink: Socket) => {
    source.on('data', (chunk: Buffer) => {
      const drained = sink.write(chunk)
      const pauseMs = rate === null ? 0 : (chunk.byteLength * 1000) / rate
      if (drained && pauseMs === 0) return
      source.pause()
      let waits = (drained ? 0 : 1) + (pauseMs > 0 ? 1 : 0)
      const resume = () => {
        waits -= 1
        if (waits === 0) source.resume()
      }
      if (!drained) sink.once('drain', resume)
      if (pauseMs > 0) setTimeout(resume, pauseMs)
    })
    source.on('end', () => sink.end())
  }

  const listen = (at: number) =>
    new Promise<Server>((resolve, reject) => {
      const listening = createServer((client) => {
        accepted += 1
        if (hanging) {
          held.add(client)
          client.on('error', () => client.destroy()).on('close', () => held.delete(client))
          return
        }
        const upstream = connect(target.port, target.host)
        const pair = { client, upstream }
        pairs.add(pair)
        const drop = () => {
          pairs.delete(pair)
          client.destroy()
          upstream.destroy()
        }
        client.on('error', drop).on('close', drop)
        upstream.on('error', drop).on('close', drop)
        client.pipe(upstream)
        forward(upstream, client)
      })
      listening.once('error', reject)
      listening.listen(at, '127.0.0.1', () => resolve(listening))
    })

  server = await listen(port)
  const bound = (server.address() as { port: number }).port

  const stop = async () => {
    const closing = server
    server = null
    hanging = false
    for (const client of held) client.destroy()
    held.clear()
    for (const { client, upstream } of pairs) {
      client.destroy()
      upstream.destroy()
    }
    pairs.clear()
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()))
  }

  return {
    port: bound,
    upstreamPorts: () =>
      [...pairs].map(({ upstream }) => upstream.localPort).filter((p): p is number => p !== undefined),
    accepted: () => accepted,
    stop,
    async hang() {
      if (!server) server = await listen(bound)
      hanging = true
    },
    throttle(bytesPerSecond) {
      rate = bytesPerSecond
    },
    async start() {
      hanging = false
      for (const client of held) client.destroy()
      held.clear()
      if (!server) server = await listen(bound)
    },
    close: stop,
  }
}
