import { describe, expect, it } from 'vitest'
import { resolveFormat } from '../../../src/request/format.ts'
import { readLegacyRequest } from '../../../src/request/legacy-request.ts'
import { parsePhpQuery } from '../../../src/request/php-query.ts'

const formatOf = (query: string) => resolveFormat(parsePhpQuery(query))

describe('resolveFormat', () => {
  it.each([
    ['json', 'json'],
    ['xml', 'xml'],
    ['XML', 'xml'],
    ['Csv', 'csv'],
    ['php', 'php'],
    ['SERIALIZED', 'serialized'],
    ['yaml', 'json'],
    ['html', 'json'],
    ['jsonp', 'json'],
    ['', 'json'],
    ['%20xml', 'json'],
  ])('maps format=%j to %s', (raw, expected) => {
    expect(formatOf(`format=${raw}`)).toBe(expected)
  })

  it('falls back to json when the parameter is absent or an array', () => {
    expect(formatOf('')).toBe('json')
    expect(formatOf('format[]=xml')).toBe('json')
  })
})

describe('readLegacyRequest', () => {
  const NOW = new Date('2024-03-15T14:05:00Z')

  it('reads the clean path, $_GET, the format and the instant once', () => {
    const request = readLegacyRequest(
      new Request('http://api.test//v2.0//analytics/?from=2024-03-01&from=2024-03-02&format=XML', {
        headers: { 'cf-ray': 'ray-1' },
      }),
      NOW,
    )
    expect(request).toMatchObject({
      method: 'GET',
      path: '/v2.0/analytics',
      requestedFormat: 'xml',
      format: 'xml',
      now: NOW,
      requestId: 'ray-1',
    })
    expect(request.query.get('from')).toBe('2024-03-02')
    expect(Object.isFrozen(request)).toBe(true)
  })

  it('answers a retired format in json', () => {
    const request = readLegacyRequest(new Request('http://api.test/analytics?format=php'), NOW)
    expect([request.requestedFormat, request.format]).toEqual(['php', 'json'])
  })

  it('gives a request without cf-ray an id of its own', () => {
    const a = readLegacyRequest(new Request('http://api.test/'), NOW)
    const b = readLegacyRequest(new Request('http://api.test/'), NOW)
    expect(a.requestId).not.toBe(b.requestId)
  })
})
