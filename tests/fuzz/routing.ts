// Which operation of openapi.yaml a raw request target names, by the spec's
// own rules (empty segments ignored, case-sensitive, the raw path: a
// percent-encoded spelling names nothing), and whether the runtime hands the
// Worker a different URL than the one sent: workerd and Cloudflare parse the
// request target as a WHATWG URL before any Worker code runs, resolving dot
// segments (also %2e), turning `\` into `/` and dropping a `#fragment`.
import type { SpecOperation } from '../../parity/lib/contract/spec-operations.ts'

export const rawPathOf = (target: string) => target.split('?')[0]!

export const cleanPath = (rawPath: string) =>
  '/' +
  rawPath
    .split('/')
    .filter((s) => s !== '')
    .join('/')

const DOT_SEGMENT = /^(\.|%2e){1,2}$/i

/** Would the runtime rewrite this target before the Worker sees it? */
export function runtimeRewrites(target: string): boolean {
  const path = rawPathOf(target)
  return target.includes('#') || path.includes('\\') || path.split('/').some((s) => DOT_SEGMENT.test(s))
}

/** The path the Worker actually sees for a raw target. */
export function runtimePath(target: string): string {
  return new URL('http://runtime.invalid' + target).pathname
}

export interface SpecRoutes {
  /** The GET operation at a clean path, if the spec has one. */
  operation(cleanPath: string): SpecOperation | undefined
  /** What an unknown path or method answers: the legacy 404 envelope, in any of the formats. */
  unknown: SpecOperation
}

export function specRoutes(operations: readonly SpecOperation[]): SpecRoutes {
  const byPath = new Map(operations.filter((op) => op.method === 'GET').map((op) => [op.path, op]))
  const with404 = operations.find((op) => op.responses['404'])
  if (!with404) throw new Error('no operation of the spec declares a 404 response')
  return {
    operation: (path) => byPath.get(path),
    unknown: {
      method: '*',
      path: '*',
      operationId: 'unknownPathOrMethod',
      secured: false,
      parameters: [],
      responses: { '404': with404.responses['404']! },
    },
  }
}
