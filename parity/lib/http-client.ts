// Sends a recorded request exactly: raw path and query (no normalisation of
// `//` or `+`), header names in their recorded case, empty values kept.
// node:http rather than fetch, because fetch normalises both.
import { request as httpRequest, type Agent } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { ObservedResponse, RecordedRequest } from './fixture-types.ts'

export interface SendOptions {
  /** Headers added after the recorded ones (test hooks, Prism's Prefer). */
  extraHeaders?: Record<string, string>
  timeoutMs?: number
  agent?: Agent
}

export function rawTarget(request: Pick<RecordedRequest, 'path' | 'query'>): string {
  return request.query === '' ? request.path : `${request.path}?${request.query}`
}

export function sendRecorded(
  baseUrl: string,
  request: RecordedRequest,
  options: SendOptions = {},
): Promise<ObservedResponse> {
  const base = new URL(baseUrl)
  const send = base.protocol === 'https:' ? httpsRequest : httpRequest
  const prefix = base.pathname.replace(/\/$/, '')
  return new Promise((resolve, reject) => {
    const req = send(
      {
        protocol: base.protocol,
        hostname: base.hostname,
        port: base.port || undefined,
        method: request.method,
        path: prefix + rawTarget(request),
        headers: { ...request.headers, ...options.extraHeaders },
        agent: base.protocol === 'https:' ? undefined : options.agent,
        timeout: options.timeoutMs ?? 30_000,
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: res.headers['content-type'] ?? '',
            body: Buffer.concat(chunks),
            headers: res.headers,
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('timeout', () => req.destroy(new Error(`no response within ${options.timeoutMs ?? 30_000} ms`)))
    req.on('error', reject)
    req.end()
  })
}
