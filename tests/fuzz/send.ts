// Sends one fuzz request exactly as generated: raw request target, header
// names in their case, repeated headers as separate lines (node:http, not
// fetch, which would normalise all three), under one deadline for the whole
// exchange: a response that has not fully arrived by then is a hang.
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import type { HeaderList } from './credentials.ts'

export interface Observed {
  status: number
  contentType: string
  body: Buffer
  headers: IncomingHttpHeaders
  ms: number
}

export type Outcome =
  { ok: true; response: Observed } | { ok: false; hang: boolean; error: string; ms: number }

export interface Destination {
  baseUrl: string
  agent: Agent
}

export function destination(baseUrl: string, concurrency: number): Destination {
  const url = new URL(baseUrl)
  if (url.protocol !== 'http:') throw new Error(`only http:// targets are supported, got ${baseUrl}`)
  return { baseUrl, agent: new Agent({ keepAlive: true, maxSockets: concurrency }) }
}

export function send(
  to: Destination,
  method: string,
  target: string,
  headers: HeaderList,
  timeoutMs: number,
): Promise<Outcome> {
  const base = new URL(to.baseUrl)
  const started = performance.now()
  const elapsed = () => Math.round(performance.now() - started)
  return new Promise((resolve) => {
    let settled = false
    const finish = (outcome: Outcome) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(outcome)
    }
    const req = httpRequest({
      hostname: base.hostname,
      port: base.port || 80,
      method,
      path: base.pathname.replace(/\/$/, '') + target,
      headers: Object.fromEntries(headers),
      agent: to.agent,
    })
    const timer = setTimeout(() => {
      finish({ ok: false, hang: true, error: `no complete answer within ${timeoutMs} ms`, ms: elapsed() })
      req.destroy()
    }, timeoutMs)
    req.on('response', (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () =>
        finish({
          ok: true,
          response: {
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'] ?? '',
            body: Buffer.concat(chunks),
            headers: res.headers,
            ms: elapsed(),
          },
        }),
      )
      res.on('error', (err) =>
        finish({ ok: false, hang: false, error: `response broke: ${err.message}`, ms: elapsed() }),
      )
    })
    req.on('error', (err) => finish({ ok: false, hang: false, error: err.message, ms: elapsed() }))
    req.end(method === 'POST' ? 'a=1' : undefined)
  })
}
