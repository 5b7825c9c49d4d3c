// The contract fuzzer's own behaviour, against a fake server that breaks the
// contract on purpose: it must catch every kind of violation (so a green fuzz
// run means something), and generate the odd requests it promises.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { casesFor } from '../fuzz/cases.ts'
import { violations } from '../../parity/lib/contract/conformance.ts'
import { runFuzz } from '../fuzz/run.ts'
import type { SpecOperation } from '../../parity/lib/contract/spec-operations.ts'

const JSON_TYPE = 'application/json; charset=utf-8'
const envelope = {
  type: 'object',
  required: ['status', 'error'],
  additionalProperties: false,
  properties: { status: { const: false }, error: { type: 'string' } },
}
const operation: SpecOperation = {
  method: 'GET',
  path: '/things',
  operationId: 'listThings',
  secured: true,
  parameters: [
    {
      name: 'from',
      required: false,
      schema: { type: 'string', pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$' },
      examples: ['2024-03-01'],
    },
    {
      name: 'format',
      required: false,
      schema: { type: 'string', enum: ['json', 'xml', 'csv'] },
      examples: [],
    },
  ],
  responses: {
    '200': {
      [JSON_TYPE]: {
        type: 'array',
        items: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
      },
      'application/csv; charset=utf-8': null,
    },
    '400': { [JSON_TYPE]: envelope },
    '401': { [JSON_TYPE]: envelope },
    '503': { [JSON_TYPE]: envelope },
  },
}
const bytes = (s: string) => new TextEncoder().encode(s)

describe('fuzz response checks', () => {
  it('accepts a response with a listed status, declared type and a valid body', () => {
    expect(
      violations(operation, { status: 200, contentType: JSON_TYPE, body: bytes('[{"id":"1"}]') }),
    ).toEqual([])
    expect(
      violations(operation, {
        status: 401,
        contentType: 'application/json;charset=utf-8',
        body: bytes('{"status":false,"error":"x"}'),
      }),
    ).toEqual([])
    expect(
      violations(operation, {
        status: 200,
        contentType: 'application/csv; charset=utf-8',
        body: bytes('a\n'),
      }),
    ).toEqual([])
  })

  it('flags a status the spec does not list', () => {
    expect(violations(operation, { status: 404, contentType: JSON_TYPE, body: bytes('{}') })[0]).toMatch(
      /status 404 is not one the spec lists/,
    )
  })

  it('flags every 5xx, even one the spec lists', () => {
    expect(
      violations(operation, {
        status: 503,
        contentType: JSON_TYPE,
        body: bytes('{"status":false,"error":"x"}'),
      }),
    ).toEqual(['server error 503'])
  })

  it('flags an undeclared content type', () => {
    expect(violations(operation, { status: 200, contentType: 'text/html', body: bytes('<p>') })[0]).toMatch(
      /content type "text\/html" is not declared/,
    )
  })

  it('flags a JSON body that breaks the schema or is not JSON', () => {
    expect(
      violations(operation, { status: 200, contentType: JSON_TYPE, body: bytes('[{"id":1}]') })[0],
    ).toMatch(/violates the schema at \/0\/id/)
    expect(
      violations(operation, { status: 400, contentType: JSON_TYPE, body: bytes('{"status":false}') })[0],
    ).toMatch(/violates the schema/)
    expect(violations(operation, { status: 200, contentType: JSON_TYPE, body: bytes('[{') })[0]).toMatch(
      /not JSON/,
    )
  })
})

describe('fuzz cases', () => {
  const creds = { integrationKey: 'int', apiKey: 'key' }
  const cases = casesFor(operation, creds)
  const targets = cases.map((c) => c.target)

  it('sends odd encodings raw, arrays, repeated names, unicode and 8 KB values', () => {
    expect(targets).toEqual(
      expect.arrayContaining([
        '/things?from=%ZZ',
        '/things?from=%00',
        '/things?from=+',
        '/things?from[]=1',
        '/things?from=x&from=2024-03-01',
        '/things?format=%F0%9F%98%80',
      ]),
    )
    expect(targets.some((t) => t.length > 8 * 1024)).toBe(true)
  })

  it('varies the credentials: missing, half, wrong, and without test hooks', () => {
    const labels = cases.map((c) => c.label)
    expect(labels).toEqual(
      expect.arrayContaining([
        'no credentials',
        'only the integration key',
        'only the api key',
        'wrong api key',
        'no hooks',
      ]),
    )
    expect(cases.find((c) => c.label === 'no credentials')!.headers).toEqual({})
  })
})

describe('fuzz runner', () => {
  let server: Server
  let baseUrl: string
  beforeAll(async () => {
    server = createServer((req, res) => {
      const q = new URL(req.url!, 'http://x').search
      if (q.includes('hang')) return
      if (q.includes('boom')) return res.writeHead(500, { 'content-type': 'text/plain' }).end('boom')
      if (q.includes('html')) return res.writeHead(200, { 'content-type': 'text/html' }).end('<p>')
      res
        .writeHead(200, { 'content-type': JSON_TYPE })
        .end(req.headers['x-test-now'] ? '[{"id":"1"}]' : '[{"id":1}]')
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => {
    server.closeAllConnections()
    return new Promise<void>((resolve) => server.close(() => resolve()))
  })

  it('counts requests and reports 5xx, undeclared types, schema breaks and hangs', async () => {
    const make = (label: string, query: string, hooks = true) => ({
      operation,
      label,
      target: `/things?${query}`,
      headers: {},
      hooks,
    })
    const summary = await runFuzz(
      [
        make('fine', 'a=1'),
        make('boom', 'boom'),
        make('html', 'html'),
        make('schema', 'x', false),
        make('hang', 'hang'),
      ],
      { baseUrl, timeoutMs: 300 },
    )
    expect(summary.tried).toBe(5)
    expect(summary.serverErrors).toBe(1)
    expect(summary.hangs).toBe(1)
    const byLabel = Object.fromEntries(summary.failures.map((f) => [f.label, f.problems.join('; ')]))
    expect(Object.keys(byLabel).sort()).toEqual(['boom', 'hang', 'html', 'schema'])
    expect(byLabel['hang']).toBe('no answer within 300 ms')
    expect(byLabel['boom']).toMatch(/server error 500/)
  })
})
