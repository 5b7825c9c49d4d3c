import { describe, expect, it } from 'vitest'
import { timingSafeEqualText } from '../src/constant-time.ts'
import { isCredentialFacts, isUnexpired, utcDatetimeMs } from '../src/credential-facts.ts'
import { credentialHash, keyHashForLog } from '@adventive/worker-kit/credential-hash'
import { MAIN } from '../../../scripts/db/demo-credentials.ts'

describe('timingSafeEqualText', () => {
  it('is true only for byte-identical strings', () => {
    expect(timingSafeEqualText('ak_main', 'ak_main')).toBe(true)
    expect(timingSafeEqualText('ak_main', 'AK_MAIN')).toBe(false)
    expect(timingSafeEqualText('ak_main', 'ak_mai')).toBe(false)
    expect(timingSafeEqualText('', '')).toBe(true)
  })

  it('compares UTF-8 bytes, not UTF-16 units', () => {
    expect(timingSafeEqualText('é', 'é')).toBe(true)
    expect(timingSafeEqualText('e\u0301', 'é')).toBe(false)
  })
})

describe('utcDatetimeMs', () => {
  it('reads a MySQL DATETIME as UTC', () => {
    expect(utcDatetimeMs('2024-03-01 00:00:00')).toBe(Date.parse('2024-03-01T00:00:00Z'))
    expect(utcDatetimeMs('2030-01-01 12:34:56.789')).toBe(Date.parse('2030-01-01T12:34:56.789Z'))
  })

  it('gives NaN for zero, impossible or malformed dates', () => {
    expect(utcDatetimeMs('0000-00-00 00:00:00')).toBeNaN()
    expect(utcDatetimeMs('2024-02-30 00:00:00')).toBeNaN()
    expect(utcDatetimeMs('2024-03-01')).toBeNaN()
  })
})

describe('isUnexpired', () => {
  const facts = { v: 1 as const, match: true as const, accountId: 1, rph: 200 }
  it('passes a key without expiry, and one expiring strictly after now', () => {
    expect(isUnexpired({ ...facts, expiresAtMs: null }, 0)).toBe(true)
    expect(isUnexpired({ ...facts, expiresAtMs: 1001 }, 1000)).toBe(true)
  })
  it('fails a key expiring exactly now or before', () => {
    expect(isUnexpired({ ...facts, expiresAtMs: 1000 }, 1000)).toBe(false)
    expect(isUnexpired({ ...facts, expiresAtMs: 999 }, 1000)).toBe(false)
  })
})

describe('isCredentialFacts', () => {
  it('accepts the two shapes this version writes', () => {
    expect(isCredentialFacts({ v: 1, match: false })).toBe(true)
    expect(isCredentialFacts({ v: 1, match: true, accountId: 1, rph: 3, expiresAtMs: null })).toBe(true)
  })
  it('rejects other versions and incomplete entries', () => {
    expect(isCredentialFacts({ v: 2, match: false })).toBe(false)
    expect(isCredentialFacts({ v: 1, match: true, accountId: 1 })).toBe(false)
    expect(isCredentialFacts({ v: 1, match: true, accountId: 1, rph: 3, expiresAtMs: 'soon' })).toBe(false)
    expect(isCredentialFacts(null)).toBe(false)
  })
})

describe('credentialHash', () => {
  it('is the hex SHA-256 of integration key, newline, api key', async () => {
    // printf 'adv-int-main-0001\nak_main_…' | sha256sum
    expect(await credentialHash(MAIN.integrationKey, MAIN.apiKey)).toBe(
      '53c90dfeca49c60f55021c0ce3f9758378f23303ce89f750c30d8907498280d7',
    )
  })

  it('logs only a 16-character prefix', () => {
    expect(keyHashForLog('53c90dfeca49c60f55021c0ce3f9758378f23303ce89f750c30d8907498280d7')).toBe(
      '53c90dfeca49c60f',
    )
  })
})
