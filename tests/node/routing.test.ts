import { describe, expect, it } from 'vitest'
import { normalizePath, pathVersion, UNROUTABLE_PATH } from '../../src/lib/routing.ts'

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
  })
})

describe('pathVersion', () => {
  it('reads the version prefix of a clean path', () => {
    expect(pathVersion('/v2.0/analytics')).toBe('2.0')
    expect(pathVersion('/v1.0/analytics')).toBe('1.0')
    expect(pathVersion('/analytics')).toBeNull()
    expect(pathVersion('/v3.0/analytics')).toBeNull()
  })
})
