import { describe, expect, it } from 'vitest'
import { compareExact } from './compare.ts'
import { goneBody, goneCheck, phpJsonString } from './deviation.ts'
import {
  checkAgainstMock,
  checkOutOfContract,
  cleanPath,
  contractResponse,
  mockHeaders,
  mockRequest,
  outOfContract,
  specPathOf,
} from './mock-check.ts'
import type { SpecOperation } from './contract/spec-operations.ts'
import { dependsOnClock, queryParam, requestFacts } from './request-facts.ts'
import { shapeDiff } from './shape.ts'

const json = 'application/json; charset=utf-8'
const observed = (status: number, body: string, contentType = json) => ({
  status,
  contentType,
  body: Buffer.from(body),
})

describe('compareExact', () => {
  it('reports status, content type and body mismatches together', () => {
    const m = compareExact(
      { status: 200, contentType: json, body: Buffer.from('{"a":1}') },
      observed(500, '{"a":2}', 'text/plain'),
    )
    expect(m.map((x) => x.field)).toEqual(['status', 'contentType', 'body'])
    expect(m[2]).toMatchObject({ where: '$.a', byteOffset: 5 })
  })
})

describe('the 410 deviation', () => {
  it('prints the documentation link the way PHP json_encode does', () => {
    expect(phpJsonString('http://x/docs')).toBe('"http:\\/\\/x\\/docs"')
    expect(goneBody('http://x/docs').toString()).toBe(
      '{"status":false,"error":"Format no longer supported","documentation":"http:\\/\\/x\\/docs"}',
    )
  })
  it('passes the exact envelope when DOCS_URL is known', () => {
    expect(
      goneCheck('http://x/docs').check({ status: 410, contentType: json, body: goneBody('http://x/docs') }),
    ).toEqual([])
  })
  it('fails the legacy var_export body', () => {
    const m = goneCheck('http://x/docs').check(observed(200, 'array (\n)', 'text/plain; charset=utf-8'))
    expect(m.map((x) => x.field)).toEqual(['status', 'contentType', 'body'])
  })
  it('accepts any documentation ending in /docs when DOCS_URL is unknown', () => {
    const check = goneCheck(null)
    expect(check.note).toContain('ends with /docs')
    expect(
      check.check({ status: 410, contentType: json, body: goneBody('https://api.example.com/docs') }),
    ).toEqual([])
    expect(
      check.check({ status: 410, contentType: json, body: goneBody('https://api.example.com/help') }),
    ).toHaveLength(1)
  })
})

describe('shapeDiff', () => {
  it('ignores values but not types', () => {
    expect(shapeDiff([{ a: '1', b: 1.5 }], [{ a: 'x', b: 0 }])).toBeNull()
    expect(shapeDiff([{ a: '1' }], [{ a: 1 }])).toMatchObject({
      where: '$[0].a',
      expected: 'string',
      actual: 'number',
    })
  })
  it('treats null against a value as a nullable field, not a shape difference', () => {
    expect(shapeDiff({ start_date: null }, { start_date: '2024-01-01' })).toBeNull()
  })
  it('reports field names and order', () => {
    expect(shapeDiff({ a: 1, b: 2 }, { b: 2, a: 1 })).toMatchObject({
      where: '$',
      expected: 'keys a,b',
      actual: 'keys b,a',
    })
  })
})

describe('checkAgainstMock', () => {
  const recorded = {
    status: 401,
    contentType: json,
    bodyBase64: Buffer.from('{"status":false,"error":"x"}').toString('base64'),
    bodyText: '',
  }
  it('asks the mock only for what it cannot derive from the request (404 Advertiser not found, 503, 504)', () => {
    expect(mockHeaders(recorded)).toEqual({})
    expect(mockHeaders({ ...recorded, status: 404 })).toEqual({ Prefer: 'code=404' })
    expect(mockHeaders({ ...recorded, status: 503 })).toEqual({ Prefer: 'code=503' })
  })
  it('compares media type without charset, and the JSON shape', () => {
    expect(
      checkAgainstMock(recorded, observed(401, '{"status":false,"error":"example"}', 'application/json')),
    ).toEqual([])
    expect(checkAgainstMock(recorded, observed(401, '{"status":"no"}', 'application/json'))[0]).toMatchObject(
      { field: 'shape' },
    )
  })

  const operation: SpecOperation = {
    method: 'GET',
    path: '/credentialscheck',
    operationId: 'getCredentialsCheck',
    secured: true,
    parameters: [],
    responses: {
      '401': {
        'application/json; charset=utf-8': {
          type: 'object',
          properties: { status: { const: false }, error: { type: 'string' } },
          required: ['status', 'error'],
        },
        'application/xml; charset=utf-8': { type: 'string' },
      },
    },
  }
  const xmlRecorded = { ...recorded, contentType: 'application/xml; charset=utf-8' }

  it("judges scalar types by the spec's schema when it has the operation", () => {
    const ok = observed(401, '{"status":false,"error":"example"}', 'application/json; charset=utf-8')
    expect(checkAgainstMock(recorded, ok, operation)).toEqual([])
    const bad = observed(401, '{"status":"false","error":"example"}', 'application/json; charset=utf-8')
    expect(checkAgainstMock(recorded, bad, operation)[0]).toMatchObject({ field: 'contract' })
  })

  it('compares the media type: an XML request answered in JSON is a mismatch', () => {
    const served = observed(401, '{"status":false,"error":"x"}', 'application/json; charset=utf-8')
    expect(checkAgainstMock(xmlRecorded, served, operation)[0]).toMatchObject({ field: 'contentType' })
  })

  const xmlDoc = (inner: string) => `<?xml version="1.0" encoding="utf-8"?>\n<xml>${inner}</xml>\n`
  const ok200 = (body: string, contentType: string) => ({
    status: 200,
    contentType,
    bodyBase64: Buffer.from(body).toString('base64'),
    bodyText: '',
  })

  it('compares XML element names and their order, a list by its first item', () => {
    const xml = 'application/xml; charset=utf-8'
    const recordedXml = ok200(
      xmlDoc('<item><date>1</date><ctr>2</ctr></item><item><date>3</date><ctr/></item>'),
      xml,
    )
    const same = observed(200, xmlDoc('<item><date>9</date><ctr>9</ctr></item>'), xml)
    expect(checkAgainstMock(recordedXml, same)).toEqual([])
    const reordered = observed(200, xmlDoc('<item><ctr>9</ctr><date>9</date></item>'), xml)
    expect(checkAgainstMock(recordedXml, reordered)[0]).toMatchObject({ field: 'shape', where: '/xml/item' })
    expect(checkAgainstMock(ok200(xmlDoc(''), xml), same)).toEqual([])
  })

  it('compares the CSV header and the width of every line (UTF-16LE decoded)', () => {
    const csv = 'application/csv; charset=utf-8'
    const utf16 = (text: string) => Buffer.from(text, 'utf16le')
    const recordedCsv = { ...ok200('', csv), bodyBase64: utf16('date,ctr\n1,2\n').toString('base64') }
    expect(
      checkAgainstMock(recordedCsv, { ...observed(200, '', csv), body: utf16('date,ctr\n9,"9 9"\n') }),
    ).toEqual([])
    expect(
      checkAgainstMock(recordedCsv, { ...observed(200, '', csv), body: utf16('date,clicks\n9,9\n') })[0],
    ).toMatchObject({ field: 'shape', where: 'CSV row 1' })
    expect(
      checkAgainstMock(recordedCsv, { ...observed(200, '', csv), body: utf16('date,ctr\n9\n') })[0],
    ).toMatchObject({ field: 'shape', where: 'CSV row 2' })
  })
})

describe('mockRequest and specPathOf', () => {
  const req = (path: string, query = '') => ({ method: 'GET', path, query, headers: {} })
  it('sends the mock the request as recorded: it reads paths and parameters like the API', () => {
    const raw = req('//v1.0//dataconnector/', 'data_connector=2')
    expect(mockRequest(raw)).toBe(raw)
  })
  it('judges a bare path with version=2.0 by its /v2.0 twin', () => {
    expect(specPathOf(req('/analytics', 'version=2.0&from=2024-03-01'))).toBe('/v2.0/analytics')
    expect(specPathOf(req('/analytics', 'version=1.0'))).toBe('/analytics')
    expect(specPathOf(req('/v1.0/analytics', 'version=2.0'))).toBe('/v1.0/analytics')
  })
  it('judges data_connector=2 by /v2.0/dataconnector, whose shape it is', () => {
    expect(specPathOf(req('/dataconnector', 'data_connector=2'))).toBe('/v2.0/dataconnector')
    expect(specPathOf(req('//v1.0//dataconnector/', 'data_connector=2'))).toBe('/v2.0/dataconnector')
    expect(specPathOf(req('/dataconnector', 'data_connector=1'))).toBe('/dataconnector')
  })
})

describe('requestFacts', () => {
  const req = (path: string, query = '', headers: Record<string, string> = {}, method = 'GET') => ({
    method,
    path,
    query,
    headers,
  })
  it('reads endpoint and version from the path, ignoring empty segments', () => {
    expect(requestFacts(req('//v2.0//analytics/', 'version=1.0'))).toMatchObject({
      endpoint: 'analytics',
      version: '2.0',
    })
  })
  it('reads the version parameter on a bare path, last value winning', () => {
    expect(requestFacts(req('/analytics', 'version=1.0&version=2.0')).version).toBe('2.0')
    expect(requestFacts(req('/analytics', 'version=9')).version).toBe('invalid')
  })
  it('reads the format case-insensitively, unknown falling back to json', () => {
    expect(requestFacts(req('/advertisers', 'format=XML')).format).toBe('xml')
    expect(requestFacts(req('/advertisers', 'format=yaml')).format).toBe('json')
  })
  it('needs both credential headers non-empty, names in any case', () => {
    expect(requestFacts(req('/x', '', { 'x-api-key': 'a', 'X-INTEGRATION-KEY': 'b' })).credentials).toBe(
      'present',
    )
    expect(requestFacts(req('/x', '', { 'X-Api-Key': '', 'X-Integration-Key': 'b' })).credentials).toBe(
      'missing',
    )
  })
  it('names unknown paths and other methods', () => {
    expect(requestFacts(req('/Analytics')).endpoint).toBe('(unknown path)')
    expect(requestFacts(req('/analytics', '', {}, 'POST')).endpoint).toBe('(POST)')
  })
  it('treats + as a space and an empty value as absent', () => {
    expect(queryParam('a=b+c&d=', 'a')).toBe('b c')
    expect(queryParam('a=b+c&d=', 'd')).toBeNull()
  })
  it('knows which requests depend on the clock', () => {
    expect(dependsOnClock(req('/analytics', 'from=2024-01-01'))).toBe(true)
    expect(dependsOnClock(req('/analytics', 'from=2024-01-01&to=2024-01-02'))).toBe(false)
    expect(dependsOnClock(req('/advertisers'))).toBe(false)
  })
})

describe('mock-only rules', () => {
  const req = (path: string, method = 'GET') => ({ method, path, query: '', headers: {} })
  it('cleans a path the way the API routes it', () => {
    expect(cleanPath(req('//v2.0//analytics/')).path).toBe('/v2.0/analytics')
  })
  it('expects unknown paths and other methods not to be served', () => {
    expect(outOfContract(req('/Analytics'))).toBe(true)
    expect(outOfContract(req('/analytics', 'POST'))).toBe(true)
    expect(outOfContract(req('/analytics'))).toBe(false)
    expect(checkOutOfContract(observed(404, ''))).toEqual([])
    expect(checkOutOfContract(observed(200, '[]'))).toHaveLength(1)
  })
  it('expects the documented 410 envelope for a workerDeviation fixture', () => {
    const recorded = { status: 200, contentType: 'text/plain; charset=utf-8', bodyBase64: '', bodyText: '' }
    const fixture = {
      name: 'f',
      description: '',
      now: '2024-03-15T14:05:00Z',
      workerDeviation: '410' as const,
      steps: [],
    }
    expect(contractResponse(fixture, recorded)).toMatchObject({ status: 410, contentType: json })
    expect(contractResponse({ ...fixture, workerDeviation: undefined }, recorded)).toBe(recorded)
  })
})
