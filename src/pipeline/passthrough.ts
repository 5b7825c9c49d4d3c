// A handler whose flag is off is served by the legacy origin, so the route
// can carry all traffic from the first release and handlers move over one
// by one (decisions/2026-12-02-legacy-passthrough.md). The request goes as
// the partner sent it — method, path, query, credentials — and the legacy
// status, headers and body bytes come back untouched: nothing is counted
// here (the legacy app counts), nothing is rendered here.
import { errorMessage, type Logger } from '@adventive/worker-kit/logger'
import type { LegacyRequest } from '../request/legacy-request.ts'
import { rawPathAndQueryOf } from '../request/path.ts'
import { unavailable } from '../response/dependency-errors.ts'

/** Longest the legacy origin may take to start answering. */
export const LEGACY_TIMEOUT_MS = 30_000

/** The request headers the legacy app reads (auth, CORS, content negotiation). */
const FORWARDED = ['X-Api-Key', 'X-Integration-Key', 'Origin', 'Accept', 'Access-Control-Request-Method']

/** The request for the legacy origin: same method, path, query and the headers it reads. */
export function legacyRequest(
  request: LegacyRequest,
  origin: string,
  extraHeaders: Record<string, string> = {},
): Request {
  const headers = new Headers(extraHeaders)
  for (const name of FORWARDED) {
    const value = request.headers.get(name)
    if (value !== null) headers.set(name, value)
  }
  const client = request.headers.get('CF-Connecting-IP')
  if (client !== null) headers.set('X-Forwarded-For', client)
  return new Request(origin.replace(/\/+$/, '') + rawPathAndQueryOf(request.raw.url), {
    method: request.method,
    headers,
    redirect: 'manual',
  })
}

export async function passToLegacy(request: LegacyRequest, origin: string, log: Logger): Promise<Response> {
  try {
    const answer = await fetch(legacyRequest(request, origin), {
      signal: AbortSignal.timeout(LEGACY_TIMEOUT_MS),
    })
    // A new Response only so that later middleware (CORS) may set headers; status, headers and body are the legacy ones.
    return new Response(answer.body, {
      status: answer.status,
      statusText: answer.statusText,
      headers: answer.headers,
    })
  } catch (err) {
    log.error('legacy.unavailable', { error: errorMessage(err) })
    throw unavailable(err)
  }
}
