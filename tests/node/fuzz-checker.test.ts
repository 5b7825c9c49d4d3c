// How the fuzz judges answers: against the contract (target only) and against
// the reference. Each rule must catch what it is for, so a green run means
// something, and each documented deviation must check what the Worker answers
// instead rather than wave the difference through.
import { describe, expect, it } from 'vitest'
import { goneBody } from '../../parity/lib/deviation.ts'
import { compare, confirmRewrite, retiredFormatMessage } from '../fuzz/differential.ts'
import type { FuzzRequest } from '../fuzz/generate.ts'
import { CORS_ALLOWED_HEADERS, CORS_ALLOWED_METHODS, judge } from '../fuzz/judge.ts'
import { specRoutes } from '../fuzz/routing.ts'
import type { Observed, Outcome } from '../fuzz/send.ts'
import { asTheWorkerSeesIt } from '../fuzz/front-end.ts'
import { CSV_TYPE, JSON_TYPE, OPERATIONS } from './fuzz-support.ts'

const routes = specRoutes(OPERATIONS)
const ORIGINS = ['https://lookerstudio.google.com']
const DOCS = 'http://127.0.0.1:8787/docs'

const request = (target: string, method = 'GET', headers: FuzzRequest['headers'] = []): FuzzRequest => ({
  index: 0,
  method,
  target,
  headers,
  window: 0,
  operationId: null,
  traits: [],
})
const answer = (
  status: number,
  contentType: string,
  body: string | Buffer,
  headers: Observed['headers'] = { 'x-request-id': 'r' },
): Outcome => ({
  ok: true,
  response: {
    status,
    contentType,
    body: Buffer.isBuffer(body) ? body : Buffer.from(body),
    headers: { 'content-type': contentType, ...headers },
    ms: 1,
  },
})
const unknown = answer(404, JSON_TYPE, '{"status":false,"error":"Unknown method"}')
const verdict = (r: FuzzRequest, o: Outcome) => judge(r, o, routes, ORIGINS)

describe('judging the target by the contract', () => {
  it('accepts what the spec describes: data, declared errors, the unknown-method 404', () => {
    expect(verdict(request('/things?from=1'), answer(200, JSON_TYPE, '[{"id":"1"}]')).verdict).toBe('ok')
    expect(verdict(request('//things//'), answer(401, CSV_TYPE, 'x')).verdict).toBe('ok')
    expect(verdict(request('/nothing'), unknown).verdict).toBe('ok')
    expect(verdict(request('/things', 'POST'), unknown).verdict).toBe('ok')
    expect(verdict(request('/%74hings'), unknown).verdict).toBe('ok')
  })

  it('flags undeclared statuses and types, schema breaks, and data on an unknown path or method', () => {
    expect(verdict(request('/things'), answer(418, JSON_TYPE, '{}')).problems[0]).toMatch(
      /status 418 is not one/,
    )
    expect(verdict(request('/things'), answer(200, 'text/html', '<p>')).problems[0]).toMatch(/content type/)
    expect(verdict(request('/things'), answer(200, JSON_TYPE, '[{"id":1}]')).problems[0]).toMatch(
      /schema at \/0\/id/,
    )
    expect(verdict(request('/things', 'PUT'), answer(200, JSON_TYPE, '[]')).verdict).toBe('spec violation')
    expect(
      verdict(request('/Things'), answer(404, JSON_TYPE, '{"status":false,"error":"Not found"}')).problems,
    ).toEqual(['unknown path or method answered {"status":false,"error":"Not found"}'])
  })

  it('wants HEAD answered like the unknown method it is, without a body', () => {
    expect(verdict(request('/things', 'HEAD'), answer(404, JSON_TYPE, '')).verdict).toBe('ok')
    expect(verdict(request('/things', 'HEAD'), answer(404, JSON_TYPE, 'x')).problems).toEqual([
      'HEAD answered with a 1-byte body',
    ])
  })

  it('tells 5xx, the documented outages, hangs and the runtime’s own refusals apart', () => {
    expect(verdict(request('/things'), answer(500, JSON_TYPE, 'boom')).verdict).toBe('server error')
    expect(verdict(request('/things'), answer(502, 'text/plain', 'bad gateway', {})).verdict).toBe(
      'server error',
    )
    expect(verdict(request('/things'), answer(503, JSON_TYPE, '{}')).verdict).toBe('outage')
    expect(verdict(request('/things'), { ok: false, hang: true, error: 'no answer', ms: 9 }).verdict).toBe(
      'hang',
    )
    expect(verdict(request('/things'), { ok: false, hang: false, error: 'reset', ms: 9 }).verdict).toBe(
      'transport',
    )
    expect(verdict(request('/things'), answer(414, 'text/plain', 'URI too long', {})).verdict).toBe(
      'platform',
    )
    expect(verdict(request('/things', 'HEAD'), answer(400, 'text/plain', '', {})).verdict).toBe('platform')
    // The same bytes from the Worker itself (it sets X-Request-Id) are judged like any answer.
    expect(verdict(request('/things'), answer(414, 'text/plain', 'URI too long')).verdict).toBe(
      'spec violation',
    )
  })

  it('checks the CORS preflight of an allowed origin header by header', () => {
    const preflight = request('/anything', 'OPTIONS', [['Origin', ORIGINS[0]!]])
    const headers = {
      'access-control-allow-origin': ORIGINS[0],
      'access-control-allow-headers': CORS_ALLOWED_HEADERS,
      'access-control-allow-methods': CORS_ALLOWED_METHODS,
    }
    expect(verdict(preflight, answer(204, '', '', headers)).verdict).toBe('cors preflight')
    expect(
      verdict(preflight, answer(204, '', '', { ...headers, 'access-control-allow-methods': 'GET' })).verdict,
    ).toBe('spec violation')
    expect(verdict(preflight, unknown).problems).toEqual([`preflight from ${ORIGINS[0]} answered 404`])
    expect(
      verdict(request('/anything', 'OPTIONS', [['Origin', 'https://evil.example']]), unknown).verdict,
    ).toBe('ok')
  })

  it('routes a URL the runtime rewrites by what the Worker receives', () => {
    const j = verdict(request('/./things'), answer(200, JSON_TYPE, '[{"id":"1"}]'))
    expect(j).toEqual({ verdict: 'ok', problems: [], runtimeRewritten: true })
    expect(verdict(request('/x\\things'), unknown).runtimeRewritten).toBe(true)
  })
})

describe('comparing the target with the reference', () => {
  const cmp = (r: FuzzRequest, ref: Outcome, t: Outcome) => compare(r, ref, t, routes, DOCS)

  it('passes byte-identical answers and locates a difference', () => {
    const ok = answer(200, JSON_TYPE, '[{"id":"1"}]')
    expect(cmp(request('/things'), ok, ok)).toEqual({ agreement: 'same', mismatches: [] })
    const d = cmp(
      request('/things'),
      answer(401, JSON_TYPE, '{"status":false,"error":"Invalid credentials"}'),
      answer(401, JSON_TYPE, '{"status":false,"error":"Missing API credentials"}'),
    )
    expect(d.agreement).toBe('difference')
    expect(d.mismatches[0]).toMatchObject({ field: 'body', where: '$.error' })
  })

  it('reads the retired formats’ error envelopes', () => {
    expect(
      retiredFormatMessage(
        Buffer.from("array (\n  'status' => false,\n  'error' => 'It\\'s gone',\n)"),
        'text/plain; charset=utf-8',
      ),
    ).toBe("It's gone")
    expect(
      retiredFormatMessage(
        Buffer.from('a:2:{s:6:"status";b:0;s:5:"error";s:14:"Unknown method";}'),
        'application/vnd.php.serialized; charset=utf-8',
      ),
    ).toBe('Unknown method')
    expect(
      retiredFormatMessage(Buffer.from("array (\n  0 => 'x',\n)"), 'text/plain; charset=utf-8'),
    ).toBeNull()
  })

  it('wants the exact 410 where PHP served a retired format, and the JSON 404 on an unknown path', () => {
    const php = answer(200, 'application/vnd.php.serialized; charset=utf-8', 'a:0:{}')
    const gone = answer(410, JSON_TYPE, goneBody(DOCS))
    expect(cmp(request('/things?format=serialized'), php, gone).agreement).toBe(
      'retired format (410 deviation)',
    )
    expect(
      cmp(request('/things?format=serialized'), php, answer(410, JSON_TYPE, goneBody('https://x/docs')))
        .agreement,
    ).toBe('difference')
    const phpUnknown = answer(
      404,
      'text/plain; charset=utf-8',
      "array (\n  'status' => false,\n  'error' => 'Unknown method',\n)",
    )
    expect(cmp(request('/nothing?format=php'), phpUnknown, unknown).agreement).toBe(
      'retired format (410 deviation)',
    )
    expect(cmp(request('/nothing?format=php'), phpUnknown, gone).agreement).toBe('difference')
  })

  it('names the Worker-only routes, the preflight’s default type and the runtime’s answers, and nothing else', () => {
    expect(cmp(request('//__health'), unknown, answer(200, 'application/json', '{}')).agreement).toBe(
      'worker-only route',
    )
    const cors = {
      'access-control-allow-origin': ORIGINS[0],
      'access-control-allow-headers': CORS_ALLOWED_HEADERS,
      'access-control-allow-methods': CORS_ALLOWED_METHODS,
    }
    const options = request('/things', 'OPTIONS', [['Origin', ORIGINS[0]!]])
    expect(
      cmp(options, answer(204, 'text/html; charset=UTF-8', '', cors), answer(204, '', '', cors)).agreement,
    ).toBe('preflight content type')
    expect(
      cmp(options, answer(204, 'text/html; charset=UTF-8', '', cors), answer(204, '', '', {})).agreement,
    ).toBe('difference')
    expect(cmp(request('/things'), unknown, answer(414, 'text/plain', 'URI too long', {})).agreement).toBe(
      'platform',
    )
    expect(
      cmp(request('/things'), answer(500, 'text/plain', 'Internal Server Error\n'), unknown).agreement,
    ).toBe('reference error')
  })

  it('puts a difference down to a rewrite only when the reference agrees on the rewritten request', () => {
    const r = request('/./things', 'GET', [['X-Api-Key', '\tk']])
    const seen = asTheWorkerSeesIt(r)!
    expect(seen).toMatchObject({
      target: '/things',
      headers: [['X-Api-Key', 'k']],
      agreement: 'runtime-rewritten URL',
    })
    const data = answer(200, JSON_TYPE, '[{"id":"1"}]')
    const first = cmp(r, unknown, data)
    expect(first.agreement).toBe('difference')
    const asSeen = { ...r, target: seen.target, headers: seen.headers }
    expect(confirmRewrite(first, asSeen, seen.agreement, data, data, routes, DOCS).agreement).toBe(
      'runtime-rewritten URL',
    )
    expect(confirmRewrite(first, asSeen, seen.agreement, unknown, data, routes, DOCS).agreement).toBe(
      'difference',
    )
    expect(asTheWorkerSeesIt(request('/things', 'GET', [['X_Api_Key', 'k']]))?.headers).toEqual([])
    expect(asTheWorkerSeesIt(request('/things', 'GET', [['X-Api-Key', 'k']]))).toBeNull()
    expect(asTheWorkerSeesIt(request('/things??version=2.0'))).toMatchObject({
      target: '/things?%3Fversion=2.0',
      agreement: 'reference artifact: php -S parsing',
    })
  })
})
