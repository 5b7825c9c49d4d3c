import { describe, expect, it } from 'vitest'
import { REDACTED, redactHeaders, redactText, redactUrl, redactValue } from '../src/redact.ts'
import { SUSPENDED } from '../../../scripts/db/demo-credentials.ts'
import { MAIN_API_KEY, MAIN_INTEGRATION_KEY } from './traces.ts'

describe('redaction', () => {
  it('hides the values of the credential headers, whatever their case', () => {
    expect(
      redactHeaders({
        'X-Api-Key': MAIN_API_KEY,
        'x-integration-key': MAIN_INTEGRATION_KEY,
        Authorization: 'Bearer abc',
        accept: 'text/csv',
      }),
    ).toEqual({
      'X-Api-Key': REDACTED,
      'x-integration-key': REDACTED,
      Authorization: REDACTED,
      accept: 'text/csv',
    })
  })

  it('hides api_key and similar query parameters but keeps the others', () => {
    const url = redactUrl(
      `https://api.adventive.com/analytics?from=2024-03-01&api_key=${MAIN_API_KEY}&token=t0k&format=csv`,
    )
    expect(url).toBe(
      `https://api.adventive.com/analytics?from=2024-03-01&api_key=${REDACTED}&token=${REDACTED}&format=csv`,
    )
  })

  it('keeps the rest of the query byte for byte, repeated names and odd encodings included', () => {
    const raw = 'https://h/analytics?from[]=2024-03-01&from=%ZZ&a+b=1&api%5Fkey=s3cret&from=2024-03-02#frag'
    expect(redactUrl(raw)).toBe(
      `https://h/analytics?from[]=2024-03-01&from=%ZZ&a+b=1&api%5Fkey=${REDACTED}&from=2024-03-02#frag`,
    )
  })

  it('hides credentials written into free text', () => {
    expect(redactText(`auth failed for X-Api-Key: ${MAIN_API_KEY} (retry)`)).toBe(
      `auth failed for X-Api-Key: ${REDACTED} (retry)`,
    )
    expect(redactText(`GET /advertisers?api_key=secretvalue&format=json`)).toBe(
      `GET /advertisers?api_key=${REDACTED}&format=json`,
    )
    expect(redactText(`{"x-integration-key":"${MAIN_INTEGRATION_KEY}"}`)).toBe(
      `{"x-integration-key":"${REDACTED}"}`,
    )
    // secretlint-disable-next-line -- a fake password, to prove it is redacted
    expect(redactText('connect mysql://api_ro:hunter2@db.internal:3306/console')).toBe(
      `connect mysql://api_ro:${REDACTED}@db.internal:3306/console`,
    )
  })

  it('hides long hex tokens and keys in this API format wherever they appear', () => {
    const hex = 'deadbeefdeadbeefdeadbeefdeadbeef'
    expect(redactText(`session ${hex} expired`)).toBe(`session ${REDACTED} expired`)
    expect(redactText(`key ${MAIN_API_KEY} seen`)).toBe(`key ${REDACTED} seen`)
    expect(redactText(SUSPENDED.apiKey)).toBe(REDACTED)
  })

  it('leaves ordinary text, dates, ids and version uuids alone', () => {
    const text =
      'advertiser 15 from 2024-03-01 to 2024-03-31 on version 6a1c6d2e-5b61-4b2f-9f61-0c3f2b7d9e10 took 41 ms'
    expect(redactText(text)).toBe(text)
  })

  it('hides credential-named fields at any depth and redacts the strings of the others', () => {
    const value = {
      event: 'auth',
      ctx: { apiKey: 'x', nested: [{ password: 'p', note: `key=${MAIN_API_KEY}` }] },
      count: 2,
    }
    expect(redactValue(value)).toEqual({
      event: 'auth',
      ctx: { apiKey: REDACTED, nested: [{ password: REDACTED, note: `key=${REDACTED}` }] },
      count: 2,
    })
  })
})
