// A stand-in for the New Relic Logs API on 127.0.0.1: records every POST and
// answers with the statuses a test scripts (default 202, like New Relic).
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedPost {
  headers: IncomingHttpHeaders
  body: string
  /** The records of the (single) detailed payload entry. */
  logs: { timestamp: number; message: string; attributes: Record<string, unknown> }[]
  common: Record<string, unknown>
}

export interface FakeNewRelic {
  url: string
  posts: ReceivedPost[]
  /** Statuses for the next requests, in order; 202 once they run out. */
  respondWith(...statuses: number[]): void
  close(): Promise<void>
}

export async function startFakeNewRelic(): Promise<FakeNewRelic> {
  const posts: ReceivedPost[] = []
  const queue: number[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const [entry] = JSON.parse(body) as [
        { common: { attributes: Record<string, unknown> }; logs: ReceivedPost['logs'] },
      ]
      posts.push({ headers: req.headers, body, logs: entry.logs, common: entry.common.attributes })
      res.writeHead(queue.shift() ?? 202, { 'content-type': 'application/json' })
      res.end('{"requestId":"fake"}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/log/v1`,
    posts,
    respondWith: (...statuses) => queue.push(...statuses),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** Nothing listens here: connections are refused at once (a New Relic outage). */
export const CLOSED_URL = 'http://127.0.0.1:1/log/v1'
