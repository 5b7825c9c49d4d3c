// Judges one answer of the target by the contract: openapi.yaml for every
// request it describes (reusing parity/lib/contract/conformance.ts), the
// legacy 404 envelope for unknown paths and methods (the spec's own words),
// the CORS preflight of LEGACY_API.md, and the documented 503/504. Answers
// that never came from the Worker (the local runtime's own refusals) are told
// apart by their exact signatures, and counted, not judged.
import { violations, type Observed as ContractObserved } from '../../parity/lib/contract/conformance.ts'
import type { SpecOperation } from '../../parity/lib/contract/spec-operations.ts'
import type { FuzzRequest } from './generate.ts'
import { cleanPath, rawPathOf, runtimePath, runtimeRewrites, type SpecRoutes } from './routing.ts'
import type { Observed, Outcome } from './send.ts'

/** LEGACY_API.md "CORS" (and src/response/cors.ts): the preflight's headers, byte for byte. */
export const CORS_ALLOWED_HEADERS =
  'Origin, X-Requested-With, Content-Type, Accept, Access-Control-Request-Method, X-Api-Key, X-Integration-Key'
export const CORS_ALLOWED_METHODS = 'GET, OPTIONS'

export type Verdict =
  'ok' | 'cors preflight' | 'platform' | 'outage' | 'server error' | 'hang' | 'transport' | 'spec violation'

export interface Judgement {
  verdict: Verdict
  problems: string[]
  /** The runtime rewrote the URL before the Worker saw it (see routing.ts). */
  runtimeRewritten: boolean
}

/** Answers of the local runtime itself (wrangler dev), with why they happen. */
export const PLATFORM_SIGNATURES: { status: number; contentType: string; body: RegExp; why: string }[] = [
  {
    status: 414,
    contentType: 'text/plain',
    body: /^URI too long$/,
    why: 'workerd refuses a request target of 64 KiB or more before any Worker runs (Cloudflare: 414 above 16 KB)',
  },
  {
    status: 400,
    contentType: 'text/plain',
    body: /^invalid URI$/,
    why: 'workerd refuses a request target that is not a URL path (raw bytes beyond ASCII, no leading /)',
  },
  {
    status: 500,
    contentType: 'text/plain;charset=UTF-8',
    body: /^Error: internal error; reference = \w+\s+at async Object\.fetch \(\S+miniflare\S+entry\.worker\.js/,
    why: "wrangler dev's entry worker fails forwarding a URL just under 64 KiB to the Worker (local only)",
  },
]

/** A HEAD answer has no body to recognise: its status and content type must do. */
export function platformAnswer(o: Observed, method: string): string | null {
  if (o.headers['x-request-id'] !== undefined) return null
  const text = o.body.toString('utf8')
  const matches = (s: (typeof PLATFORM_SIGNATURES)[number]) =>
    s.status === o.status &&
    s.contentType === o.contentType &&
    (method === 'HEAD' ? text === '' : s.body.test(text))
  return PLATFORM_SIGNATURES.find(matches)?.why ?? null
}

export const header = (headers: FuzzRequest['headers'], name: string): string | undefined => {
  const found = headers.find(([n]) => n.toLowerCase() === name.toLowerCase())?.[1]
  return Array.isArray(found) ? found.join(', ') : found
}

function preflightProblems(request: FuzzRequest, o: Observed): string[] {
  const expected: Record<string, string | undefined> = {
    'access-control-allow-origin': header(request.headers, 'Origin'),
    'access-control-allow-headers': CORS_ALLOWED_HEADERS,
    'access-control-allow-methods': CORS_ALLOWED_METHODS,
  }
  const problems: string[] = []
  if (o.body.length > 0) problems.push(`preflight 204 with a ${o.body.length}-byte body`)
  for (const [name, value] of Object.entries(expected)) {
    if (o.headers[name] !== value)
      problems.push(`preflight ${name}: expected "${value}", got "${String(o.headers[name])}"`)
  }
  return problems
}

function contractProblems(op: SpecOperation, o: Observed, head: boolean): string[] {
  const observed: ContractObserved = { status: o.status, contentType: o.contentType, body: o.body }
  if (!head) return violations(op, observed)
  // HEAD: the 404 of an unknown method, with its headers and no body.
  const problems = violations(op, {
    ...observed,
    body: Buffer.from('{"status":false,"error":"Unknown method"}'),
  })
  if (o.body.length > 0) problems.push(`HEAD answered with a ${o.body.length}-byte body`)
  return problems
}

/** The legacy 404 for unknown paths and methods says exactly this. */
function unknownMessageProblems(o: Observed): string[] {
  if (!o.contentType.startsWith('application/json') || o.body.length === 0) return []
  const text = o.body.toString('utf8')
  return text === '{"status":false,"error":"Unknown method"}'
    ? []
    : [`unknown path or method answered ${text.slice(0, 120)}`]
}

export function judge(
  request: FuzzRequest,
  outcome: Outcome,
  routes: SpecRoutes,
  corsOrigins: readonly string[] | null,
): Judgement {
  const runtimeRewritten = runtimeRewrites(request.target)
  const result = (verdict: Verdict, problems: string[] = []): Judgement => ({
    verdict,
    problems,
    runtimeRewritten,
  })
  if (!outcome.ok) return result(outcome.hang ? 'hang' : 'transport', [outcome.error])
  const o = outcome.response
  const platform = platformAnswer(o, request.method)
  if (platform) return result('platform', [platform])
  if (o.status === 503 || o.status === 504)
    return result('outage', [`documented ${o.status}: ${o.body.toString('utf8').slice(0, 80)}`])
  if (o.status >= 500)
    return result('server error', [`server error ${o.status}: ${o.body.toString('utf8').slice(0, 200)}`])

  const origin = header(request.headers, 'Origin')
  const allowed =
    origin !== undefined && (corsOrigins === null ? o.status === 204 : corsOrigins.includes(origin))
  if (request.method === 'OPTIONS' && allowed) {
    const problems =
      o.status === 204 ? preflightProblems(request, o) : [`preflight from ${origin} answered ${o.status}`]
    return result(problems.length ? 'spec violation' : 'cors preflight', problems)
  }

  const path = cleanPath(runtimeRewritten ? runtimePath(request.target) : rawPathOf(request.target))
  const op = request.method === 'GET' ? routes.operation(path) : undefined
  const problems = op
    ? contractProblems(op, o, false)
    : request.method === 'HEAD'
      ? contractProblems(routes.unknown, o, true)
      : [...contractProblems(routes.unknown, o, false), ...unknownMessageProblems(o)]
  return result(problems.length ? 'spec violation' : 'ok', problems)
}
