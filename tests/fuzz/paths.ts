// Paths and methods: the spec's paths spelled the ways the legacy router
// accepted (empty segments) and the ways it did not (case, percent-encoding,
// dot segments, backslashes, junk around the name), plus unknown endpoints
// and methods other than GET. Paths are raw request-target text.
import type { Random } from './random.ts'
import { hugeValue } from './values.ts'

export const ALLOWED_ORIGIN = 'https://lookerstudio.google.com'

const UNKNOWN_ENDPOINTS = [
  '/',
  '/analytic',
  '/analyticss',
  '/Analytics',
  '/ANALYTICS',
  '/credentialcheck',
  '/dataConnector',
  '/clickthrough',
  '/advertiser',
  '/campaign',
  '/v2.0',
  '/v1.0/',
  '/v3.0/analytics',
  '/v2/analytics',
  '/2.0/analytics',
  '/V2.0/analytics',
  '/v2.0/v1.0/analytics',
  '/v2.0.0/analytics',
  '/analytics/v2.0',
  '/index.php',
  '/index.php/analytics',
  '/api/analytics',
  '/favicon.ico',
  '/robots.txt',
  '/.env',
  '/analytics.json',
  '/analytics.php',
  '/analytics;format=xml',
  '/%61nalytics',
  '/analytic%73',
  '/analytics%2F',
  '/v2.0%2Fanalytics',
  '/v2.0%2fanalytics',
  '/analytics%00',
  '/analytics%20',
  '/analytics/x',
  '/analytics/..',
  '/analytics~',
  '/\u00e9',
  '/__health/x',
  '/docs/',
  '/openapi.yml',
  '/openapi.json',
  '/%2e%2e/etc/passwd',
  '/*',
  '/analytics?',
  '/analytics#top',
]

/** A spec path spelled another way, and what was done to it. */
export function mutatePath(path: string, r: Random): { path: string; trait: string } {
  const trait = r.weighted([
    ['doubled slashes', 5],
    ['trailing slash', 4],
    ['leading doubled slash', 2],
    ['prefix in other case', 1],
    ['endpoint in other case', 1],
    ['percent-encoded slash', 2],
    ['percent-encoded letter', 2],
    ['dot segment', 2],
    ['backslash', 1],
    ['fragment', 1],
    ['trailing junk', 2],
    ['leading junk', 1],
    ['huge path', 1],
  ] as const)
  const segments = path.split('/').filter((s) => s !== '')
  const last = segments[segments.length - 1] ?? ''
  switch (trait) {
    case 'doubled slashes':
      return { path: '/' + segments.map((s) => s + '/'.repeat(r.int(1, 3))).join('/'), trait }
    case 'trailing slash':
      return { path: path + '/', trait }
    case 'leading doubled slash':
      return { path: '/' + path, trait }
    case 'prefix in other case':
      return { path: path.replace('/v', '/V'), trait }
    case 'endpoint in other case':
      return {
        path: path.slice(0, path.length - last.length) + last[0]!.toUpperCase() + last.slice(1),
        trait,
      }
    case 'percent-encoded slash': {
      const slashes = [...path.matchAll(/\//g)].map((m) => m.index).filter((i) => i > 0)
      if (slashes.length === 0) return { path: path + '%2F', trait }
      const at = r.pick(slashes)
      return { path: path.slice(0, at) + r.pick(['%2F', '%2f']) + path.slice(at + 1), trait }
    }
    case 'percent-encoded letter': {
      const at = path.length - 1 - r.int(0, last.length - 1)
      const hex = path.charCodeAt(at).toString(16)
      return {
        path: path.slice(0, at) + '%' + (r.chance(0.5) ? hex : hex.toUpperCase()) + path.slice(at + 1),
        trait,
      }
    }
    case 'dot segment':
      return { path: r.pick(['/.', '/x/..', '/%2e', '/%2E', '/./.']) + path, trait }
    case 'backslash': {
      const last = path.lastIndexOf('/')
      const inner = last > 0 && r.chance(0.5)
      return {
        path: inner ? path.slice(0, last) + '\\' + path.slice(last + 1) : '/\\' + path.slice(1),
        trait,
      }
    }
    case 'fragment':
      return { path: path + r.pick(['#', '#top', '#/../x']), trait }
    case 'trailing junk':
      return {
        path: path + r.pick(['.json', '.xml', ';', ';x=1', '%20', '%00', '~', '/x', '/..', '%3F', '%23']),
        trait,
      }
    case 'leading junk':
      return { path: r.pick(['/index.php', '/api', '/public', '/v2.0/v2.0']) + path, trait }
    case 'huge path':
      return { path: `${path}/${hugeValue(r)}`, trait }
  }
}

export const unknownEndpoint = (r: Random) => r.pick(UNKNOWN_ENDPOINTS)

export const OTHER_METHODS = [
  'HEAD',
  'POST',
  'OPTIONS',
  'PUT',
  'DELETE',
  'PATCH',
  'TRACE',
  'PROPFIND',
  'PURGE',
]

export function method(r: Random): string {
  return r.weighted([
    ['GET', 86],
    ['HEAD', 3],
    ['OPTIONS', 4],
    ['POST', 3],
    [r.pick(OTHER_METHODS), 4],
  ] as const)
}
