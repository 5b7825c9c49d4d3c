// A stand-in for the legacy PHP API that lives in the test's own runtime —
// workerd included, where a test cannot listen on a port: the Worker's
// outgoing fetches to its base URL are routed to it (originFetch). It answers
// recorded requests (parity/lib/recorded-steps.ts) by method, raw target and
// API key (the key of fake-origin.ts, the harness's HTTP stand-in), remembers
// exactly what it was sent, and can hold its answers until the test releases
// them — so a test can see what happens while the legacy side has not
// answered yet.
import type { RecordedRequest } from '../lib/fixture-types.ts'
import { headerValue } from '../lib/request-facts.ts'
import { bodyKind, decodeBody } from '../../src/shadow/body-text.ts'

/** Canned answers are keyed by method, raw target and API key (same URL, other credentials). */
export const answerKey = (method: string, target: string, apiKey = '') => `${method} ${target} ${apiKey}`

/** The request target as the client sent it: path, then `?query` when there is one. */
export const targetOf = (request: Pick<RecordedRequest, 'path' | 'query'>) =>
  request.query === '' ? request.path : `${request.path}?${request.query}`

export interface CannedAnswer {
  status: number
  contentType: string
  body: Uint8Array
}

export interface OriginCall {
  method: string
  /** Path and query exactly as they arrived. */
  target: string
  headers: Headers
}

/**
 * The answer with `from` replaced by `to` in its text (UTF-16LE for CSV, as
 * the legacy app sends it; UTF-8 otherwise). `from` must occur exactly once.
 */
export function withEditedText(answer: CannedAnswer, from: string, to: string): CannedAnswer {
  const csv = bodyKind(answer.contentType) === 'csv'
  const text = decodeBody(answer.body, answer.contentType)
  const at = text.indexOf(from)
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`"${from}" is not in the body exactly once`)
  const edited = text.slice(0, at) + to + text.slice(at + from.length)
  return { ...answer, body: csv ? utf16le(edited) : new TextEncoder().encode(edited) }
}

function utf16le(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length * 2)
  for (let i = 0; i < text.length; i++) {
    bytes[2 * i] = text.charCodeAt(i) & 0xff
    bytes[2 * i + 1] = text.charCodeAt(i) >> 8
  }
  return bytes
}

/** Rejects with the signal's reason once it aborts (what fetch does with its `signal`). */
function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason)
    else signal.addEventListener('abort', () => reject(signal.reason), { once: true })
  })
}

export class RecordedOrigin {
  readonly calls: OriginCall[] = []
  private readonly canned = new Map<string, CannedAnswer[]>()
  private held: { released: Promise<void>; release: () => void } | null = null
  private readonly arrivals: Array<{ count: number; arrived: () => void }> = []

  /** The origin's URL, no trailing slash (e.g. http://legacy.test). */
  readonly base: string

  constructor(base: string) {
    this.base = base
  }

  /**
   * Answers `step`'s request with its recorded answer, or with `answer`.
   * Several answers for one request are given in turn, the last one repeated.
   */
  answer(step: { request: RecordedRequest } & CannedAnswer, answer: CannedAnswer = step): this {
    const { method, headers } = step.request
    const key = answerKey(method, targetOf(step.request), headerValue(headers, 'X-Api-Key'))
    this.canned.set(key, [
      ...(this.canned.get(key) ?? []),
      { status: answer.status, contentType: answer.contentType, body: answer.body },
    ])
    return this
  }

  /** Holds every answer, from now until release(). */
  hold(): void {
    let release = () => {}
    const released = new Promise<void>((resolve) => (release = resolve))
    this.held = { released, release }
  }

  release(): void {
    this.held?.release()
    this.held = null
  }

  /** Resolves once `count` requests have arrived in all. */
  received(count: number): Promise<void> {
    if (this.calls.length >= count) return Promise.resolve()
    return new Promise((arrived) => this.arrivals.push({ count, arrived }))
  }

  owns(url: string): boolean {
    return url === this.base || url.startsWith(`${this.base}/`)
  }

  async handle(request: Request): Promise<Response> {
    const target = request.url.slice(this.base.length)
    this.calls.push({ method: request.method, target, headers: new Headers(request.headers) })
    for (const waiter of this.arrivals.filter((w) => w.count <= this.calls.length)) {
      this.arrivals.splice(this.arrivals.indexOf(waiter), 1)
      waiter.arrived()
    }
    if (this.held) await Promise.race([this.held.released, aborted(request.signal)])
    const queue = this.canned.get(answerKey(request.method, target, request.headers.get('X-Api-Key') ?? ''))
    const answer = queue && queue.length > 1 ? queue.shift() : queue?.[0]
    if (!answer)
      return new Response('no canned answer', { status: 599, headers: { 'Content-Type': 'text/plain' } })
    // A copy: each Response owns its body (an answer may be given more than once).
    return new Response(answer.body.slice(), {
      status: answer.status,
      headers: { 'Content-Type': answer.contentType },
    })
  }
}

/** A fetch that sends requests for `origins` to them and everything else to `fallback`. */
export function originFetch(origins: RecordedOrigin[], fallback: typeof fetch): typeof fetch {
  return (input, init) => {
    const request = new Request(input, init)
    const origin = origins.find((o) => o.owns(request.url))
    return origin ? origin.handle(request) : fallback(request)
  }
}
