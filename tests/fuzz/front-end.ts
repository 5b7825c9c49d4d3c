// What the Worker actually receives for a request, when that differs from the
// bytes sent: the runtime parses the target as a WHATWG URL (dot segments
// resolved, `\` → `/`, no `#fragment`: routing.ts), and an RFC 9110 front end
// strips spaces AND tabs around header values. The PHP reference's built-in
// server (php -S) parses requests its own way: it strips only spaces, maps
// `X_Api_Key` to the same $_SERVER variable as `X-Api-Key` (Apache and nginx
// drop header names with underscores by default), and drops the second `?` of
// `/analytics??version=2.0` from QUERY_STRING (Apache keeps it, so PHP reads a
// parameter named `?version`). A difference on such a request is re-asked of
// the reference in the normalised form: only if the reference then answers
// byte for byte what the Worker answered is it put down to the rewrite, never
// assumed.
import type { HeaderList } from './credentials.ts'
import type { Agreement } from './differential.ts'
import type { FuzzRequest } from './generate.ts'
import { runtimeRewrites } from './routing.ts'

export interface Normalised {
  target: string
  headers: HeaderList
  agreement: Agreement
}

const trimOws = (v: string) => v.replace(/^[ \t]+|[ \t]+$/g, '')

export function asTheWorkerSeesIt(request: FuzzRequest): Normalised | null {
  const rewritten = runtimeRewrites(request.target)
  const url = new URL('http://runtime.invalid' + request.target)
  let target = rewritten ? url.pathname + url.search : request.target
  const queryAt = target.indexOf('?')
  if (target[queryAt + 1] === '?') target = `${target.slice(0, queryAt + 1)}%3F${target.slice(queryAt + 2)}`
  const headers: HeaderList = request.headers
    .filter(([name]) => !name.includes('_'))
    .map(([name, value]) => [name, Array.isArray(value) ? value.map(trimOws) : trimOws(value)])
  const headersChanged = JSON.stringify(headers) !== JSON.stringify(request.headers)
  if (target === request.target && !headersChanged) return null
  return {
    target,
    headers,
    agreement: rewritten ? 'runtime-rewritten URL' : 'reference artifact: php -S parsing',
  }
}
