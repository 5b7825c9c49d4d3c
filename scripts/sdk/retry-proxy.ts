// For the retry example: a local HTTP server in front of the target that answers its first
// request 429 with `Retry-After: 1` (the API's own 429 names the top of the hour, too long
// to wait in a test) and passes every later one through unchanged.
import { createServer } from 'node:http'

export interface RetryProxy {
  url: string
  /** Requests seen, and how many of them were answered 429 by the proxy itself. */
  stats(): { requests: number; refused: number }
  stop(): Promise<void>
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host'])

export async function startRetryProxy(target: string): Promise<RetryProxy> {
  let requests = 0
  let refused = 0
  const server = createServer((req, res) => {
    requests++
    if (refused === 0) {
      refused++
      res.writeHead(429, {
        'Content-Type': 'application/json; charset=utf-8',
        'Retry-After': '1',
        'X-Request-Id': 'sdk-smoke-proxy-429',
      })
      res.end('{"status":false,"error":"Rate limit exceeded: 3 requests per hour"}')
      return
    }
    const headers = new Headers()
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string' && !HOP_BY_HOP.has(name)) headers.set(name, value)
    }
    fetch(new URL(req.url ?? '/', target), { method: req.method, headers })
      .then(async (answer) => {
        const body = Buffer.from(await answer.arrayBuffer())
        const out: Record<string, string> = {}
        answer.headers.forEach((value, name) => {
          if (!HOP_BY_HOP.has(name) && name !== 'content-encoding') out[name] = value
        })
        res.writeHead(answer.status, out)
        res.end(body)
      })
      .catch((error: unknown) => {
        res.writeHead(502, { 'Content-Type': 'text/plain' })
        res.end(`retry proxy: ${(error as Error).message}`)
      })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () => ({ requests, refused }),
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
