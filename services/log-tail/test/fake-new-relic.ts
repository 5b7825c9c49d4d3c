// A stand-in for the New Relic Logs API and Event API on 127.0.0.1: records
// every POST and answers with the statuses a test scripts (default 202 for
// logs and 200 for events, like New Relic). Both APIs share one server and
// one status queue; the path tells them apart.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ReceivedPost {
  headers: IncomingHttpHeaders
  body: string
  /** The records of the (single) detailed payload entry. */
  logs: { timestamp: number; message: string; attributes: Record<string, unknown> }[]
  common: Record<string, unknown>
}

export interface ReceivedEventPost {
  headers: IncomingHttpHeaders
  path: string
  body: string
  events: Record<string, unknown>[]
}

export const FAKE_ACCOUNT_ID = '1234567'

export interface FakeNewRelic {
  url: string
  /** The Event API URL template, as in wrangler.toml ({account_id} placeholder). */
  eventsUrlTemplate: string
  /** The Event API URL of FAKE_ACCOUNT_ID. */
  eventsUrl: string
  posts: ReceivedPost[]
  eventPosts: ReceivedEventPost[]
  /** Statuses for the next requests (either API), in order; the default once they run out. */
  respondWith(...statuses: number[]): void
  close(): Promise<void>
}

export async function startFakeNewRelic(): Promise<FakeNewRelic> {
  const posts: ReceivedPost[] = []
  const eventPosts: ReceivedEventPost[] = []
  const queue: number[] = []
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      const path = req.url ?? ''
      if (/^\/v1\/accounts\/\d+\/events$/.test(path)) {
        eventPosts.push({
          headers: req.headers,
          path,
          body,
          events: JSON.parse(body) as ReceivedEventPost['events'],
        })
        res.writeHead(queue.shift() ?? 200, { 'content-type': 'application/json' })
        res.end('{"success":true,"uuid":"fake"}')
        return
      }
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
  const base = `http://127.0.0.1:${port}`
  return {
    url: `${base}/log/v1`,
    eventsUrlTemplate: `${base}/v1/accounts/{account_id}/events`,
    eventsUrl: `${base}/v1/accounts/${FAKE_ACCOUNT_ID}/events`,
    posts,
    eventPosts,
    respondWith: (...statuses) => queue.push(...statuses),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** Nothing listens here: connections are refused at once (a New Relic outage). */
export const CLOSED_URL = 'http://127.0.0.1:1/log/v1'
export const CLOSED_EVENTS_URL = 'http://127.0.0.1:1/v1/accounts/1/events'
