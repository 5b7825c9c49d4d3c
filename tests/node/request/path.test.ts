import { describe, expect, it } from 'vitest'
import { LEGACY_ROUTES } from '../../../generated/routes.ts'
import { normalizePath, rawPathOf, rawQueryOf, UNROUTABLE_PATH } from '../../../src/request/path.ts'

describe('normalizePath', () => {
  it('ignores empty segments', () => {
    expect(normalizePath('//v2.0//analytics/')).toBe('/v2.0/analytics')
    expect(normalizePath('/analytics/')).toBe('/analytics')
    expect(normalizePath('/')).toBe('/')
  })

  it('keeps case, so /Analytics stays unknown', () => {
    expect(normalizePath('/Analytics')).toBe('/Analytics')
  })

  it('never percent-decodes: an encoded path matches no route', () => {
    expect(normalizePath('/analytic%73')).toBe(UNROUTABLE_PATH)
    expect(LEGACY_ROUTES.some((r) => (r.path as string) === UNROUTABLE_PATH)).toBe(false)
  })
})

describe('rawPathOf and rawQueryOf', () => {
  it('take the path and query exactly as sent, without decoding', () => {
    const url = 'http://api.test//v2.0//analytic%73/?from=2024-03-01&a+b=%20#frag'
    expect(rawPathOf(url)).toBe('//v2.0//analytic%73/')
    expect(rawQueryOf(url)).toBe('from=2024-03-01&a+b=%20')
  })

  it('give / and an empty query for a bare origin', () => {
    expect(rawPathOf('http://api.test')).toBe('/')
    expect(rawQueryOf('http://api.test/credentialscheck')).toBe('')
  })
})

describe('the version a path carries (generated route table)', () => {
  const versionOf = (path: string) => LEGACY_ROUTES.find((r) => r.path === normalizePath(path))?.version

  it('reads the version prefix of a clean path', () => {
    expect(versionOf('/v2.0/analytics')).toBe('2.0')
    expect(versionOf('//v1.0//analytics/')).toBe('1.0')
    expect(versionOf('/analytics')).toBeNull()
    expect(versionOf('/v3.0/analytics')).toBeUndefined()
  })
})
