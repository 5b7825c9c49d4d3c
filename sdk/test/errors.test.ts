// ApiError reads the legacy message back from the recorded error bodies in all three formats;
// the oracle is the Worker's PHP-exact renderer: the message, put back into the envelope and
// rendered in the recorded format, must give the recorded bytes.
import { describe, expect, it } from 'vitest'
import { goneBody } from '../../parity/lib/deviation.ts'
import { renderBody as render } from '../../src/render/body.ts'
import type { ResponseFormat as Format } from '../../src/domain/vocabulary.ts'
import { ApiError, legacyError } from '../src/errors.ts'
import { readRateLimit, retryAfterSeconds } from '../src/rate-limit.ts'
import { recordedSteps, responseOf } from './recorded.ts'

const errorSteps = recordedSteps.filter((s) => s.response.status >= 400)
const formatOf = (contentType: string): Format =>
  contentType.includes('/csv') ? 'csv' : contentType.includes('/xml') ? 'xml' : 'json'

describe('ApiError.fromResponse on the recorded error answers', () => {
  it('covers every error status and all three formats', () => {
    expect(new Set(errorSteps.map((s) => s.response.status))).toEqual(new Set([400, 401, 404, 429]))
    expect(new Set(errorSteps.map((s) => formatOf(s.response.contentType)))).toEqual(
      new Set(['json', 'xml', 'csv']),
    )
  })

  it('reads the exact legacy message from every JSON, XML and UTF-16LE CSV body', async () => {
    for (const step of errorSteps) {
      const error = await ApiError.fromResponse(responseOf(step))
      expect(error.status, step.fixture).toBe(step.response.status)
      expect(error.error, step.fixture).not.toBeNull()
      const rerendered = await render(formatOf(step.response.contentType), {
        status: false,
        error: error.error!,
      })
      expect(Buffer.from(rerendered).equals(Buffer.from(step.body)), step.fixture).toBe(true)
    }
  })

  it('carries the request id and the rate-limit state of the answer', async () => {
    const limited = errorSteps.find((s) => s.response.status === 429)!
    const error = await ApiError.fromResponse(
      responseOf(limited, {
        'X-Request-Id': '8f3c2a1b9d4e5f60-IAD',
        'X-RateLimit-Limit': '3',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Reset': '1710514800',
        'Retry-After': '3300',
      }),
    )
    expect(error).toBeInstanceOf(Error)
    expect(error).toMatchObject({
      name: 'ApiError',
      status: 429,
      error: 'Rate limit exceeded: 3 requests per hour',
      requestId: '8f3c2a1b9d4e5f60-IAD',
      rateLimit: { limit: 3, remaining: 0, reset: 1710514800, retryAfter: 3300 },
    })
    expect(error.message).toBe('429 Rate limit exceeded: 3 requests per hour (request 8f3c2a1b9d4e5f60-IAD)')
  })

  it('keeps the documentation link of the 410 for a retired format', async () => {
    const error = await ApiError.fromResponse(
      new Response(new Uint8Array(goneBody('https://api.adventive.com/docs')), {
        status: 410,
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
      }),
    )
    expect(error).toMatchObject({
      error: 'Format no longer supported',
      documentation: 'https://api.adventive.com/docs',
    })
  })

  it('still reports status and body when the body is not the API envelope (a proxy page)', async () => {
    const error = await ApiError.fromResponse(
      new Response('<html>Bad gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }),
    )
    expect(error).toMatchObject({
      status: 502,
      error: null,
      requestId: null,
      body: '<html>Bad gateway</html>',
    })
    expect(error.rateLimit).toEqual({ limit: null, remaining: null, reset: null, retryAfter: null })
    expect(error.message).toBe('502 HTTP error')
  })
})

describe('legacyError', () => {
  it('decodes XML entities in the message', () => {
    const xml =
      '<?xml version="1.0" encoding="utf-8"?>\n<xml><status>0</status><error>a &amp; b &lt;&#233;&gt;</error></xml>\n'
    expect(legacyError(xml, 'application/xml; charset=utf-8').error).toBe('a & b <é>')
  })

  it('gives nulls for a JSON body that is not an object', () => {
    expect(legacyError('"oops"', 'application/json')).toEqual({ error: null, documentation: null })
    expect(legacyError('not json', 'application/json')).toEqual({ error: null, documentation: null })
  })
})

describe('readRateLimit and Retry-After', () => {
  it('reads absent or malformed headers as null', () => {
    expect(readRateLimit(new Headers({ 'X-RateLimit-Limit': 'lots' }))).toEqual({
      limit: null,
      remaining: null,
      reset: null,
      retryAfter: null,
    })
  })

  it('accepts Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterSeconds('120')).toBe(120)
    const now = Date.parse('2024-03-15T14:05:00Z')
    expect(retryAfterSeconds('Fri, 15 Mar 2024 15:00:00 GMT', now)).toBe(3300)
    expect(retryAfterSeconds('Fri, 15 Mar 2024 14:00:00 GMT', now)).toBe(0)
    expect(retryAfterSeconds('soon', now)).toBeNull()
  })
})
