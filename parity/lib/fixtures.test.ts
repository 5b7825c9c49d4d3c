import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { loadFixtures, validateFixture } from './fixtures.ts'

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url))

export function fixture(overrides: Record<string, unknown> = {}) {
  return {
    name: 'f',
    description: '',
    now: '2024-03-15T14:05:00Z',
    steps: [
      {
        request: {
          method: 'GET',
          path: '/credentialscheck',
          query: '',
          headers: { 'X-Api-Key': 'k', 'X-Integration-Key': 'i' },
        },
        response: {
          status: 200,
          contentType: 'application/json; charset=utf-8',
          bodyBase64: 'eyJzdGF0dXMiOnRydWV9',
          bodyText: '{"status":true}',
        },
      },
    ],
    ...overrides,
  }
}

describe('validateFixture', () => {
  it('accepts a well-formed fixture', () => {
    expect(validateFixture(fixture(), 'f.json')).toEqual([])
  })
  it('rejects a name that does not match the file', () => {
    expect(validateFixture(fixture(), 'g.json')).toEqual(['g.json: name "f" does not match the file name'])
  })
  it('rejects an invalid now, an unknown deviation and empty steps', () => {
    const problems = validateFixture(fixture({ now: 'soon', workerDeviation: '418', steps: [] }), 'f.json')
    expect(problems).toEqual([
      'f.json: now must be an ISO 8601 instant',
      'f.json: unknown workerDeviation "418"',
      'f.json: steps must be a non-empty array',
    ])
  })
  it('rejects a query with a leading "?" and a path without "/"', () => {
    const f = fixture()
    f.steps[0]!.request = { ...f.steps[0]!.request, path: 'credentialscheck', query: '?format=xml' }
    expect(validateFixture(f, 'f.json')).toEqual([
      'f.json: steps[0].request.path must start with /',
      'f.json: steps[0].request.query must be a raw string without "?"',
    ])
  })
  it('judges only bodyBase64: a bodyText that differs or is missing is not a problem', () => {
    const f = fixture()
    f.steps[0]!.response = { ...f.steps[0]!.response, contentType: 'application/csv; charset=utf-8' }
    expect(validateFixture(f, 'f.json')).toEqual([])
    const { bodyText: _dropped, ...withoutText } = f.steps[0]!.response
    f.steps[0]!.response = withoutText as (typeof f.steps)[0]['response']
    expect(validateFixture(f, 'f.json')).toEqual([])
  })

  it('rejects a body that is not base64', () => {
    const f = fixture()
    f.steps[0]!.response = { ...f.steps[0]!.response, bodyBase64: 'not base64!' }
    expect(validateFixture(f, 'f.json')).toEqual(['f.json: steps[0].response.bodyBase64 must be base64'])
  })
})

describe('loadFixtures', () => {
  it('loads every recorded fixture, valid, in manifest order', () => {
    const { fixtures, problems } = loadFixtures(FIXTURES)
    expect(problems).toEqual([])
    expect(fixtures.length).toBeGreaterThan(100)
    expect(fixtures[0]?.name).toBe('credentialscheck-json')
  })
  it('filters by name', () => {
    const { fixtures } = loadFixtures(FIXTURES, (n) => n.startsWith('unknown-path-'))
    expect(fixtures.map((f) => f.name).every((n) => n.startsWith('unknown-path-'))).toBe(true)
    expect(fixtures.length).toBeGreaterThan(0)
  })
  it('reports invalid files and manifest mismatches', () => {
    const dir = mkdtempSync(join(tmpdir(), 'parity-fixtures-'))
    writeFileSync(join(dir, 'f.json'), JSON.stringify(fixture()))
    writeFileSync(join(dir, 'broken.json'), '{')
    writeFileSync(join(dir, 'manifest.json'), JSON.stringify({ cases: ['f', 'gone'] }))
    const { fixtures, problems } = loadFixtures(dir)
    expect(fixtures.map((f) => f.name)).toEqual(['f'])
    expect(problems).toEqual([
      'manifest.json lists "gone" but gone.json is missing',
      'broken.json is not listed in manifest.json',
    ])
  })
})
