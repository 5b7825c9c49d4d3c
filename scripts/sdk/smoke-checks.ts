// What each README example must show against a target: assertions on the example's own
// variables, appended to its code. A README edit that renames a variable or changes what a
// call returns fails here rather than in a partner's hands.
export const SETUP_EXAMPLE = 'setup'

export const README_CHECKS: Record<string, string> = {
  credentials: `assert.deepEqual(check, { status: true })`,
  formats: `
assert.ok(rows.length > 0, 'no JSON rows')
assert.ok('video_starts' in rows[0]!, 'not version 2.0 rows')
assert.match(xml, /^<\\?xml version="1\\.0" encoding="utf-8"\\?>\\n<xml>/)
const asText = (row: object) =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v === null ? '' : String(v)]))
if (process.env.SMOKE_SAME_DATA === '1') assert.deepEqual(csvRows, rows.map(asText))
else assert.deepEqual(Object.keys(csvRows[0]!), Object.keys(rows[0]!))`,
  stream: `assert.ok(count > 0, 'no rows came out of the stream')`,
  errors: `
assert.ok(failure instanceof ApiError, 'not an ApiError: ' + String(failure))
assert.equal(failure.status, 401)
assert.equal(failure.error, 'Invalid credentials')
assert.ok(failure.requestId, 'no X-Request-Id')`,
  'rate-limit': `assert.ok(typeof api.rateLimit?.limit === 'number' && api.rateLimit.limit > 0, 'no X-RateLimit-Limit')`,
  retry: `assert.deepEqual(afterWaiting, { status: true })`,
  raw: `assert.ok(Array.isArray(data) && data.length > 0, 'no rows from the raw client')`,
}

/**
 * Not a README example: the target's own 429 (the rph-3 demo key), and the retry bound —
 * `maxWaitMs: 0` never starts a wait, so the ApiError comes at once with the Retry-After.
 */
export const OWN_LIMIT_CHECK = `
import assert from 'node:assert/strict'
import { ApiError, createClient } from '@adventive/public-api-client'

const api = createClient({
  integrationKey: process.env.SMOKE_RPH3_INTEGRATION_KEY!,
  apiKey: process.env.SMOKE_RPH3_API_KEY!,
  baseUrl: process.env.ADVENTIVE_BASE_URL,
  retry: { maxWaitMs: 0 },
})
let failure: unknown
const seen: string[] = []
for (let i = 0; i < 5 && failure === undefined; i++) {
  failure = await api.credentialsCheck().then(() => undefined, (error: unknown) => error)
  seen.push(JSON.stringify(api.rateLimit))
}
assert.ok(failure instanceof ApiError, 'no 429 within 5 calls of an rph-3 key: ' + seen.join(' '))
assert.equal(failure.status, 429)
assert.equal(failure.error, 'Rate limit exceeded: 3 requests per hour')
assert.equal(failure.rateLimit.remaining, 0)
assert.ok((failure.rateLimit.retryAfter ?? 0) >= 1, 'no Retry-After')
assert.ok(failure.requestId, 'no X-Request-Id')
`
