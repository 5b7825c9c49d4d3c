// The published spec — the bundle the Worker serves at /openapi.yaml and renders at /docs — is
// written for partners: no local server, no legacy internals (those live in
// docs/legacy-behaviour.md), and the sections a new integrator looks for.
import { readFileSync } from 'node:fs'
import { load } from 'js-yaml'
import { describe, expect, it } from 'vitest'
import { DeviationMessage, LegacyMessage } from '../../src/domain/legacy-error.ts'

/** The bundle the Worker serves (a static asset, generated/docs/). */
const openApiYaml = readFileSync(new URL('../../generated/docs/openapi.yaml', import.meta.url), 'utf8')

interface Published {
  info: { version: string; description: string }
  servers: { url: string; description?: string }[]
}

const published = load(openApiYaml) as Published
const description = published.info.description

/** The text of one `## Heading` section of info.description. */
function section(heading: string): string {
  const start = description.indexOf(`\n## ${heading}\n`)
  expect(start, `section "## ${heading}"`).toBeGreaterThanOrEqual(0)
  const next = description.indexOf('\n## ', start + 1)
  return description.slice(start, next < 0 ? undefined : next)
}

describe('the published spec', () => {
  it.each([
    ['127.0.0.1', /127\.0\.0\.1/],
    ['localhost', /localhost/i],
    ['npm start', /npm start/i],
    ['CodeIgniter', /CodeIgniter/i],
    ['$_GET', /\$_GET/],
    ['createFromFormat', /createFromFormat/],
  ])('never mentions %s', (_, pattern) => {
    const at = openApiYaml.search(pattern)
    expect(at < 0 ? '' : openApiYaml.slice(Math.max(0, at - 80), at + 80)).toBe('')
  })

  it('lists only the public server, over https', () => {
    expect(published.servers).toEqual([{ url: 'https://api.adventive.com', description: 'Production' }])
  })

  it('has the sections a partner looks for, in reading order', () => {
    const headings = [...description.matchAll(/^## (.+)$/gm)].map((m) => m[1])
    const wanted = [
      'Getting started',
      'Authentication',
      'Rate limits',
      'Formats',
      'Errors',
      'Versions',
      'SDK',
      'Mock',
      'Changelog',
    ]
    expect(headings.filter((h) => wanted.includes(h!))).toEqual(wanted)
  })

  it('explains authentication with both headers and both 401 messages', () => {
    const text = section('Authentication')
    for (const expected of [
      'X-Integration-Key',
      'X-Api-Key',
      LegacyMessage.missingCredentials,
      LegacyMessage.invalidCredentials,
    ])
      expect(text).toContain(expected)
  })

  it('documents the hourly limit, its three headers, the 429 and Retry-After', () => {
    const text = section('Rate limits')
    for (const expected of [
      'per clock hour',
      '200',
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
      '429',
      '`Rate limit exceeded: <limit> requests per hour`',
      'Retry-After',
    ])
      expect(text).toContain(expected)
  })

  it('documents the three formats, with CSV as UTF-16LE', () => {
    const text = section('Formats')
    for (const contentType of ['application/json', 'application/xml', 'application/csv'])
      expect(text).toContain(`\`${contentType}; charset=utf-8\``)
    expect(text).toContain('UTF-16LE without a byte-order mark')
  })

  it('lists every error message the Worker can answer, and X-Request-Id', () => {
    const text = section('Errors')
    expect(text).toContain('{"status":false,"error":"<message>"}')
    for (const message of [...Object.values(LegacyMessage), ...Object.values(DeviationMessage)])
      expect(text).toContain(`\`${message}\``)
    expect(text).toContain('`Rate limit exceeded: <limit> requests per hour`')
    expect(text).toContain('X-Request-Id')
  })

  it('explains the path prefix against the version parameter', () => {
    const text = section('Versions')
    for (const expected of ['/v1.0/analytics', '/v2.0/analytics', '`version`', LegacyMessage.invalidVersion])
      expect(text).toContain(expected)
  })

  it('points to the SDK package, gives the mock and what it does differently, and a changelog that starts at 1.0.0', () => {
    expect(section('SDK')).toContain('@adventive/public-api-client')
    expect(section('SDK')).toContain('createClient({ integrationKey')
    // Partners cannot read the repository's guide: the published Mock section carries what they need.
    expect(section('Mock')).toContain(
      'npx @stoplight/prism-cli@5 mock https://api.adventive.com/openapi.yaml',
    )
    expect(section('Mock')).toMatch(/\| CSV \|.*UTF-8.*\| UTF-16LE \|/)
    expect(section('Mock')).not.toContain('docs/integrators.md')
    expect(section('Changelog')).toMatch(/^### 1\.0\.0$/m)
    expect(section('Changelog')).toContain('byte-compatible')
    expect(published.info.version).toBe('1.0.0')
  })
})
