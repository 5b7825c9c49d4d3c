// Compares the target's answer with the reference's (the PHP origin, or a
// staging origin during the soak): status, content type and body bytes, with
// the parity harness's diff engine for where a body differs. The documented
// deviations are each checked for what the Worker must answer instead, never
// just waved through; what the Worker cannot see (a URL the runtime rewrote)
// and answers of the local runtime itself are counted apart.
import { compareExact } from '../../parity/lib/compare.ts'
import { goneCheck, phpJsonString } from '../../parity/lib/deviation.ts'
import type { Mismatch } from '../../parity/lib/verdict-types.ts'
import type { FuzzRequest } from './generate.ts'
import { platformAnswer } from './judge.ts'
import { cleanPath, rawPathOf, runtimePath, runtimeRewrites, type SpecRoutes } from './routing.ts'
import type { Observed, Outcome } from './send.ts'

export type Agreement =
  | 'same'
  | 'difference'
  | 'retired format (410 deviation)'
  | 'worker-only route'
  | 'preflight content type'
  | 'runtime-rewritten URL'
  | 'reference artifact: php -S parsing'
  | 'platform'
  | 'outage'
  | 'reference error'
  | 'reference unavailable'
  | 'target unavailable'

export interface Comparison {
  agreement: Agreement
  mismatches: Mismatch[]
  /** Why a non-"same" answer was classified the way it was. */
  note?: string
}

const PHP_TEXT = 'text/plain; charset=utf-8'
const PHP_SERIALIZED = 'application/vnd.php.serialized; charset=utf-8'
/** PHP's default_mimetype, which it sends with a body-less 204 (src/app.php sets none). */
const PHP_DEFAULT_TYPE = 'text/html; charset=UTF-8'

/** The error message of a var_export / serialize error envelope, if it is one. */
export function retiredFormatMessage(body: Buffer, contentType: string): string | null {
  const text = body.toString('utf8')
  if (contentType === PHP_TEXT) {
    const m = /^array \(\n {2}'status' => false,\n {2}'error' => '((?:[^'\\]|\\.)*)',\n\)$/.exec(text)
    return m ? m[1]!.replace(/\\(['\\])/g, '$1') : null
  }
  const m = /^a:2:\{s:6:"status";b:0;s:5:"error";s:(\d+):"(.*)";\}$/s.exec(text)
  return m && Buffer.byteLength(m[2]!) === Number(m[1]) ? m[2]! : null
}

const differs = (expected: { status: number; contentType: string; body: Buffer }, o: Observed) =>
  compareExact(expected, { status: o.status, contentType: o.contentType, body: o.body })

/**
 * The answers the spec's check order (info.x-check-order) decides before the
 * retired format: an unknown path or method (404), credentials (401), the
 * hourly limit (429). For those the Worker gives the reference's status and
 * message, as JSON.
 */
const DECIDED_BEFORE_GONE =
  /^(Unknown method|Missing API credentials|Invalid credentials|Rate limit exceeded: \d+ requests per hour)$/

/**
 * `format=php|serialized` (the reference answered in one of them): the Worker
 * answers 410 Gone with the documentation link wherever the legacy app would
 * have served the format; what is decided before that step in the check order
 * (an unknown path or method, credentials, the hourly limit) stays the legacy
 * answer, rendered as JSON (the Worker never renders the retired formats).
 */
function retiredFormat(
  request: FuzzRequest,
  ref: Observed,
  target: Observed,
  docsUrl: string | null,
): Comparison {
  const message =
    request.method === 'HEAD' ? 'Unknown method' : retiredFormatMessage(ref.body, ref.contentType)
  const agreement = 'retired format (410 deviation)'
  if (message !== null && DECIDED_BEFORE_GONE.test(message)) {
    const body = Buffer.from(
      request.method === 'HEAD' ? '' : `{"status":false,"error":${phpJsonString(message)}}`,
    )
    const status = message === 'Unknown method' ? 404 : ref.status
    const mismatches = differs({ status, contentType: 'application/json; charset=utf-8', body }, target)
    return mismatches.length
      ? {
          agreement: 'difference',
          mismatches,
          note: `retired format, decided before the 410 (${message}): expected the ${status} as JSON`,
        }
      : { agreement, mismatches, note: `${status} ${message}, rendered as JSON (decided before the 410)` }
  }
  const gone = goneCheck(docsUrl)
  const mismatches = gone.check({ status: target.status, contentType: target.contentType, body: target.body })
  return mismatches.length
    ? {
        agreement: 'difference',
        mismatches,
        note: `reference answered ${ref.status} in a retired format; ${gone.note}`,
      }
    : { agreement, mismatches, note: gone.note }
}

function preflight(ref: Observed, target: Observed): Comparison | null {
  if (ref.status !== 204 || target.status !== 204) return null
  const names = [
    'access-control-allow-origin',
    'access-control-allow-headers',
    'access-control-allow-methods',
  ]
  const mismatches: Mismatch[] = names
    .filter((n) => ref.headers[n] !== target.headers[n])
    .map((n) => ({
      field: 'contract',
      expected: `${n}: ${String(ref.headers[n])}`,
      actual: `${n}: ${String(target.headers[n])}`,
    }))
  if (ref.body.length > 0 || target.body.length > 0)
    mismatches.push({
      field: 'body',
      expected: `${ref.body.length} bytes`,
      actual: `${target.body.length} bytes`,
    })
  if (mismatches.length) return { agreement: 'difference', mismatches }
  if (ref.contentType === target.contentType) return { agreement: 'same', mismatches }
  if (ref.contentType === PHP_DEFAULT_TYPE && target.contentType === '')
    return {
      agreement: 'preflight content type',
      mismatches,
      note: 'PHP adds its default Content-Type to the body-less 204; same CORS headers',
    }
  return null
}

export function compare(
  request: FuzzRequest,
  reference: Outcome,
  target: Outcome,
  routes: SpecRoutes,
  docsUrl: string | null,
): Comparison {
  if (target.ok) {
    const platform = platformAnswer(target.response, request.method)
    if (platform) return { agreement: 'platform', mismatches: [], note: platform }
  }
  if (!reference.ok) return { agreement: 'reference unavailable', mismatches: [], note: reference.error }
  if (!target.ok) return { agreement: 'target unavailable', mismatches: [], note: target.error }
  const ref = reference.response
  const o = target.response
  const exact = () => differs(ref, o)

  if (ref.status >= 500)
    return {
      agreement: 'reference error',
      mismatches: exact(),
      note: ref.body.toString('utf8').slice(0, 120),
    }
  if (o.status === 503 || o.status === 504) return { agreement: 'outage', mismatches: exact() }
  if (ref.contentType === PHP_TEXT || ref.contentType === PHP_SERIALIZED)
    return retiredFormat(request, ref, o, docsUrl)
  const seenPath = runtimeRewrites(request.target) ? runtimePath(request.target) : rawPathOf(request.target)
  const op = request.method === 'GET' ? routes.operation(cleanPath(seenPath)) : undefined
  if (op && !op.secured)
    return {
      agreement: 'worker-only route',
      mismatches: exact(),
      note: `${op.operationId} (openapi.yaml, tag Service)`,
    }
  if (request.method === 'OPTIONS') {
    const answer = preflight(ref, o)
    if (answer) return answer
  }
  const mismatches = exact()
  return { agreement: mismatches.length ? 'difference' : 'same', mismatches }
}

/**
 * A difference on a request the runtime or the front end rewrites
 * (front-end.ts), judged again as if the request had been what the Worker
 * received, with the reference's answer to that request: only when that
 * agrees is the difference put down to the rewrite.
 */
export function confirmRewrite(
  first: Comparison,
  seen: FuzzRequest,
  agreement: Agreement,
  again: Outcome,
  target: Outcome,
  routes: SpecRoutes,
  docsUrl: string | null,
): Comparison {
  const second = compare(seen, again, target, routes, docsUrl)
  if (second.agreement === 'difference' || second.agreement === 'reference unavailable')
    return { ...first, note: `also different from the reference's answer to ${seen.target.slice(0, 80)}` }
  return {
    agreement,
    mismatches: first.mismatches,
    note: `as the Worker receives it (${seen.target.slice(0, 80)}): ${second.agreement}`,
  }
}
