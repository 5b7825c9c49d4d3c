// The Worker's documented deviation from PHP: `format=php|serialized` answer
// 410 Gone with the JSON error envelope and a documentation link, instead of
// the var_export/serialize bodies the fixtures hold.
import { compareExact } from './compare.ts'
import type { ObservedResponse } from './fixture-types.ts'
import type { Mismatch } from './verdict-types.ts'

export const GONE_STATUS = 410
export const GONE_MESSAGE = 'Format no longer supported'
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8'

/** A string as PHP's json_encode($s) prints it (escaped `/`, `\uXXXX` beyond ASCII). */
export function phpJsonString(value: string): string {
  return JSON.stringify(value)
    .replace(/\//g, '\\/')
    .replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

export function goneBody(docsUrl: string): Buffer {
  return Buffer.from(
    `{"status":false,"error":${phpJsonString(GONE_MESSAGE)},"documentation":${phpJsonString(docsUrl)}}`,
  )
}

export interface DeviationCheck {
  note: string
  check(observed: ObservedResponse): Mismatch[]
}

/**
 * With the Worker's DOCS_URL known (the local stack reads it from its
 * config), the 410 is compared byte for byte. Against a deployment the URL is
 * the deployment's own, so the body is checked structurally and any
 * `documentation` ending in `/docs` is accepted.
 */
export function goneCheck(docsUrl: string | null): DeviationCheck {
  if (docsUrl !== null) {
    const expected = { status: GONE_STATUS, contentType: JSON_CONTENT_TYPE, body: goneBody(docsUrl) }
    return {
      note: `workerDeviation 410: compared byte for byte with documentation "${docsUrl}"`,
      check: (o) => compareExact(expected, o),
    }
  }
  return {
    note: 'workerDeviation 410: documentation link accepted if it ends with /docs (DOCS_URL unknown for this target)',
    check: (observed) => {
      const mismatches = compareExact(
        { status: GONE_STATUS, contentType: JSON_CONTENT_TYPE, body: observed.body },
        observed,
      )
      let parsed: unknown
      try {
        parsed = JSON.parse(observed.body.toString('utf8'))
      } catch {
        parsed = undefined
      }
      const envelope = parsed as { status?: unknown; error?: unknown; documentation?: unknown } | undefined
      const ok =
        envelope !== undefined &&
        Object.keys(envelope).join(',') === 'status,error,documentation' &&
        envelope.status === false &&
        envelope.error === GONE_MESSAGE &&
        typeof envelope.documentation === 'string' &&
        envelope.documentation.endsWith('/docs')
      if (!ok) {
        mismatches.push({
          field: 'body',
          expected: `{"status":false,"error":"${GONE_MESSAGE}","documentation":"…/docs"}`,
          actual: observed.body.toString('utf8').slice(0, 120),
        })
      }
      return mismatches
    },
  }
}
