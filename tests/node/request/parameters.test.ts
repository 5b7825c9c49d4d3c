import { describe, expect, it } from 'vitest'
import { LegacyError } from '../../../src/domain/legacy-error.ts'
import { endpointNamed, type EndpointName } from '../../../src/endpoints/registry.ts'
import { parsePhpQuery } from '../../../src/request/php-query.ts'
import { phpBoolean, validateRequest } from '../../../src/request/parameters.ts'

const NOW = new Date('2024-03-15T14:05:00Z')

/** The endpoint's own parameter list from the registry, validated as the pipeline does. */
function validate(
  endpoint: EndpointName,
  query: string,
  now = NOW,
  pathVersion: '1.0' | '2.0' | null = null,
) {
  return validateRequest(endpointNamed(endpoint)!.params, pathVersion, parsePhpQuery(query), now)
}

function errorOf(endpoint: EndpointName, query: string, pathVersion: '1.0' | '2.0' | null = null): string {
  try {
    validate(endpoint, query, NOW, pathVersion)
  } catch (err) {
    expect(err).toBeInstanceOf(LegacyError)
    expect((err as LegacyError).status).toBe(400)
    return (err as LegacyError).message
  }
  throw new Error('expected a 400')
}

describe('date parameters', () => {
  it('defaults to = today in New York and from = today − 30 days', () => {
    expect(validate('analytics', '').params).toMatchObject({ from: '2024-02-14', to: '2024-03-15' })
  })

  it('takes today from New York, not UTC, late in the evening', () => {
    expect(validate('analytics', '', new Date('2024-03-16T03:30:00Z')).params.to).toBe('2024-03-15')
    expect(validate('analytics', '', new Date('2024-03-01T02:00:00Z')).params).toMatchObject({
      from: '2024-01-30',
      to: '2024-02-29',
    })
  })

  it('follows the daylight-saving switch in New York', () => {
    expect(validate('analytics', '', new Date('2024-03-10T04:30:00Z')).params.to).toBe('2024-03-09')
    expect(validate('analytics', '', new Date('2024-03-11T04:30:00Z')).params.to).toBe('2024-03-11')
  })

  it('gives a missing from its default even when to is given', () => {
    expect(errorOf('analytics', 'to=2024-01-31')).toBe('from must not be after to')
  })

  it.each([
    '2024-1-05',
    '2024-02-30',
    '2023-02-29',
    '2024-01-01T00:00:00',
    'yesterday',
    ' 2024-01-01',
    '2024-13-01',
    '2024-00-10',
  ])('rejects %j as a from date', (value) => {
    expect(errorOf('analytics', `from=${encodeURIComponent(value)}&to=2024-03-01`)).toBe('Invalid from date')
  })

  it('accepts a leap day', () => {
    expect(validate('analytics', 'from=2024-02-29&to=2024-02-29').params.from).toBe('2024-02-29')
  })

  it('checks from before to', () => {
    expect(errorOf('analytics', 'from=yesterday&to=nope')).toBe('Invalid from date')
    expect(errorOf('analytics', 'from=2024-03-01&to=2024-3-01')).toBe('Invalid to date')
  })

  it('allows a range of exactly 366 days and refuses 367', () => {
    expect(validate('analytics', 'from=2023-03-31&to=2024-03-31').params.to).toBe('2024-03-31')
    expect(errorOf('analytics', 'from=2023-03-30&to=2024-03-31')).toBe('Date range cannot exceed 366 days')
  })

  it('treats an empty value as absent and an array value as invalid', () => {
    expect(validate('analytics', 'from=&to=').params).toMatchObject({ from: '2024-02-14', to: '2024-03-15' })
    expect(errorOf('analytics', 'from[]=2024-03-01')).toBe('Invalid from date')
  })

  it('lets the last of repeated names win, like $_GET', () => {
    expect(validate('analytics', 'from=bad&from=2024-03-01&to=2024-03-02').params.from).toBe('2024-03-01')
  })
})

describe('advertiser_id', () => {
  it.each(['+5', ' 5', '1.5', '-5', '0', '00', 'abc', '5a'])('rejects %j', (value) => {
    expect(errorOf('campaigns', `advertiser_id=${encodeURIComponent(value)}`)).toBe('Invalid advertiser_id')
  })

  it('reads 007 as advertiser 7 and keeps numbers beyond any integer range exact', () => {
    expect(validate('campaigns', 'advertiser_id=007').params.advertiserId).toBe(7n)
    expect(validate('campaigns', 'advertiser_id=99999999999999999999999').params.advertiserId).toBe(
      99999999999999999999999n,
    )
  })

  it("rejects a number too big for a double, which PHP's (int) turns into 0 (as the reference app answers)", () => {
    const belowMax = `17976931348623157${'0'.repeat(292)}` // the largest double, 309 digits
    expect(validate('campaigns', `advertiser_id=${belowMax}`).params.advertiserId).toBe(BigInt(belowMax))
    expect(errorOf('campaigns', `advertiser_id=17976931348623159${'0'.repeat(292)}`)).toBe(
      'Invalid advertiser_id',
    )
    expect(errorOf('campaigns', `advertiser_id=${'9'.repeat(309)}`)).toBe('Invalid advertiser_id')
    expect(errorOf('campaigns', `advertiser_id=1${'0'.repeat(309)}`)).toBe('Invalid advertiser_id')
    // Leading zeros do not make a number big.
    expect(validate('campaigns', `advertiser_id=${'0'.repeat(400)}1`).params.advertiserId).toBe(1n)
  })

  it('is checked after the dates', () => {
    expect(errorOf('analytics', 'to=2024-02-30&advertiser_id=abc')).toBe('Invalid to date')
  })

  it('is not read by endpoints that do not take it', () => {
    expect(validate('advertisers', 'advertiser_id=abc&from=garbage&data_connector=7').version).toBe('1.0')
    expect(validate('dataconnector', 'advertiser_id=abc').params.advertiserId).toBeNull()
  })
})

describe('version', () => {
  it('defaults to 1.0 and accepts exactly 1.0 and 2.0', () => {
    expect(validate('analytics', '').version).toBe('1.0')
    expect(validate('analytics', 'version=2.0').version).toBe('2.0')
  })

  it.each(['2', '3', '2.00', 'v2.0', ' 2.0'])('rejects %j before any other parameter', (value) => {
    expect(errorOf('analytics', `version=${encodeURIComponent(value)}&from=bad`)).toBe('Invalid version')
  })

  it('is not read on a prefixed path, even when invalid', () => {
    expect(validate('analytics', 'version=banana', NOW, '2.0').version).toBe('2.0')
    expect(validate('analytics', 'version=2.0', NOW, '1.0').version).toBe('1.0')
  })
})

describe('data_connector', () => {
  it('defaults to 1 and accepts exactly 1 or 2', () => {
    expect(validate('dataconnector', '').params.dataConnector).toBe(1)
    expect(validate('dataconnector', 'data_connector=2').params.dataConnector).toBe(2)
    expect(errorOf('dataconnector', 'data_connector=3')).toBe('Invalid data_connector')
  })

  it('is forced to 2 by version 2.0, and then not read', () => {
    expect(validate('dataconnector', 'data_connector=9', NOW, '2.0').params.dataConnector).toBe(2)
    expect(validate('dataconnector', 'version=2.0&data_connector=1').params.dataConnector).toBe(2)
  })
})

describe('removeZeros', () => {
  it.each(['1', 'true', 'TRUE', 'on', 'Yes', ' yes\t'])('reads %j as true', (value) => {
    expect(phpBoolean(value)).toBe(true)
  })

  it.each(['0', 'false', 'no', '', '2', 'y'])('reads %j as false', (value) => {
    expect(phpBoolean(value)).toBe(false)
  })

  it('uses the default (false) for an array value', () => {
    expect(validate('analytics', 'removeZeros[]=1').params.removeZeros).toBe(false)
  })
})

describe('the parameters each endpoint reads, in the legacy order', () => {
  it('checks version first, then the dates, then advertiser_id, then data_connector', () => {
    expect(errorOf('analytics', 'version=9&from=bad&advertiser_id=x')).toBe('Invalid version')
    expect(errorOf('analytics', 'from=bad&advertiser_id=x')).toBe('Invalid from date')
    expect(errorOf('connector', 'advertiser_id=x&from=2024-03-01&to=2024-03-02')).toBe(
      'Invalid advertiser_id',
    )
    expect(errorOf('dataconnector', 'data_connector=x&from=2024-03-02&to=2024-03-01')).toBe(
      'from must not be after to',
    )
  })

  it('reads nothing for credentialscheck, not even version', () => {
    expect(validate('credentialscheck', 'version=banana&from=bad').version).toBe('1.0')
  })
})
