// A tiny HTTP server for the harness's own tests: answers canned responses by
// method, raw target and API key, and remembers exactly what it was sent.
// (recorded-origin.ts is the same stand-in for tests inside workerd, where
// nothing can listen on a port.)
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { ObservedResponse } from '../lib/fixture-types.ts'
import { answerKey } from './recorded-origin.ts'

export interface SeenRequest {
  method: string
  /** The request target as it arrived (no normalisation). */
  url: string
  /** Header name/value pairs in the case they were sent. */
  rawHeaders: Array<[string, string]>
}

export { answerKey }

export interface FakeOrigin {
  url: string
  seen: SeenRequest[]
  close(): Promise<void>
}

export async function startFakeOrigin(answers: Map<string, ObservedResponse>): Promise<FakeOrigin> {
  const seen: SeenRequest[] = []
  const server: Server = createServer((req, res) => {
    const pairs: Array<[string, string]> = []
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      pairs.push([req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? ''])
    seen.push({ method: req.method ?? '', url: req.url ?? '', rawHeaders: pairs })
    const apiKey = req.headers['x-api-key']
    const answer = answers.get(
      answerKey(req.method ?? '', req.url ?? '', typeof apiKey === 'string' ? apiKey : ''),
    )
    if (!answer) {
      res.writeHead(599, { 'Content-Type': 'text/plain' }).end('no canned answer')
      return
    }
    res.writeHead(answer.status, { 'Content-Type': answer.contentType }).end(answer.body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
