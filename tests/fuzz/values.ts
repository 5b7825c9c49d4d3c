// Query values: what each legacy parameter accepts, its edges, and the ways
// a value is malformed on the wire. Values are raw query text (already
// percent-encoded as they go on the wire; broken encodings stay broken).
import type { SpecParameter } from '../../parity/lib/contract/spec-operations.ts'
import type { Random } from './random.ts'

export const KIB = 1024
/** Huge values: below and above Cloudflare's 16 KB URL limit, and 64 KiB. */
export const HUGE_SIZES = [8 * KIB, 16 * KIB - 64, 16 * KIB + 64, 32 * KIB, 64 * KIB]

const DAY_MS = 86_400_000
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10)
const DATA_FROM = Date.parse('2023-12-01T00:00:00Z')
const DATA_TO = Date.parse('2024-04-30T00:00:00Z')

export function validDate(r: Random): string {
  return isoDay(DATA_FROM + r.int(0, Math.round((DATA_TO - DATA_FROM) / DAY_MS)) * DAY_MS)
}

const EDGE_DATES = [
  '2024-02-29',
  '2023-02-28',
  '2024-01-01',
  '2023-12-31',
  '2024-03-31',
  '2024-04-01',
  '2024-03-10',
  '2024-11-03',
  '1970-01-01',
  '2000-02-29',
  '1900-01-01',
  '0001-01-01',
  '0000-01-01',
  '9999-12-31',
  '2038-01-19',
  '2099-12-31',
]
const INVALID_DATES = [
  '2023-02-29',
  '2024-02-30',
  '2100-02-29',
  '2024-13-01',
  '2024-00-10',
  '2024-01-00',
  '2024-01-32',
  '2024-1-05',
  '2024-01-5',
  '24-01-05',
  '20240105',
  '2024/01/05',
  '2024.01.05',
  '05-01-2024',
  '2024-01-01T00:00:00',
  '2024-01-01T00%3A00%3A00Z',
  '2024-01-01%20',
  '%202024-01-01',
  '+2024-01-01',
  '-2024-01-01',
  '02024-01-01',
  '2024-01-01%00',
  '%D9%A2%D9%A0%D9%A2%D9%A4-01-01',
  '2024-%EF%BC%91-01',
  'today',
  'now',
  'yesterday',
  '-1%20day',
  '0',
  '1',
  'null',
  'undefined',
  '2024-01-01+',
  '2024-01-01%0A',
]

/** Pairs of (from, to) at the edges of the range rules. */
export function datePair(r: Random): [string, string] {
  const to = Date.parse(`${validDate(r)}T00:00:00Z`)
  const gap = r.pick([0, 1, 30, 31, 365, 366, 367, 400, -1, -30])
  return [isoDay(to - gap * DAY_MS), isoDay(to)]
}

function dateValue(r: Random): string {
  return r.weighted([
    [() => validDate(r), 6],
    [() => r.pick(EDGE_DATES), 2],
    [() => r.pick(INVALID_DATES), 2],
  ] as const)()
}

const ADVERTISER_IDS = [
  '0',
  '00',
  '-1',
  '+5',
  '%2B5',
  '%205',
  '5%20',
  '1.5',
  '1e3',
  '0x10',
  '5abc',
  'abc',
  '%C2%B2',
  '%D9%A1',
  '99999999999999999999',
  '9223372036854775807',
  '9223372036854775808',
  '18446744073709551616',
  '007',
  '0000000000000000000001',
  '2147483648',
  '4294967296',
]
const FORMATS = [
  'json',
  'xml',
  'csv',
  'XML',
  'Csv',
  'JSON',
  'php',
  'serialized',
  'PHP',
  'Serialized',
  'yaml',
  'html',
  'jsonp',
  'xls',
  '%20json',
  'json%20',
  'xml%00',
  'c%73v',
  'cs%76',
  'txt',
  'array',
]
const VERSIONS = ['1.0', '2.0', '1', '2', '2.00', 'v2.0', '3.0', '0.0', '%202.0', '1.0%20', '2%2E0', '1.0.0']
const BOOLEANS = [
  '1',
  '0',
  'true',
  'false',
  'on',
  'off',
  'yes',
  'no',
  'TRUE',
  'Yes',
  '%20yes%20',
  '%09on%0A',
  'y',
  '2',
  '-1',
  'null',
  'tru',
  'yes%00',
  '%0Byes',
]
const DATA_CONNECTORS = ['1', '2', '0', '3', '01', '%201', '1.0', '2%20', '+2', '-1', 'two', '1e0']

/** A value for one of the legacy parameters (or a plausible one for any other). */
export function parameterValue(name: string, p: SpecParameter | undefined, r: Random): string {
  switch (name) {
    case 'from':
    case 'to':
      return dateValue(r)
    case 'advertiser_id':
      return r.chance(0.7) ? String(r.int(1, 30)) : r.pick(ADVERTISER_IDS)
    case 'format':
      return r.weighted([
        [r.pick(['json', 'xml', 'csv']), 7],
        [r.pick(FORMATS), 3],
      ] as const)
    case 'version':
      return r.chance(0.7) ? r.pick(['1.0', '2.0']) : r.pick(VERSIONS)
    case 'removeZeros':
      return r.pick(BOOLEANS)
    case 'data_connector':
      return r.chance(0.7) ? r.pick(['1', '2']) : r.pick(DATA_CONNECTORS)
  }
  const schema = (p?.schema ?? {}) as { enum?: unknown[] }
  if (schema.enum?.length) return encodeURIComponent(String(r.pick(schema.enum)))
  return r.pick(['1', 'x', 'abc', '%20', ''])
}

/** Percent-encodings a decoder may choke on: bad hex, invalid UTF-8, NUL, overlong forms. */
export const BROKEN_ENCODINGS = [
  '%',
  '%Z',
  '%ZZ',
  '%2',
  '%%',
  '%E9',
  '%C3',
  '%C3%28',
  '%ED%A0%80',
  '%F4%90%80%80',
  '%00',
  '%C0%AF',
  '%FF%FE',
  '%F0%9F%98',
  '%u00e9',
  '%EF%BB%BF',
]
/** Correct encodings of characters beyond ASCII, and raw Latin-1 bytes on the wire. */
export const UNICODE = ['%C3%A9', '%F0%9F%8E%89', '%E2%80%8B', '%EF%BC%91', '\u00e9', '\u00ff', '%C2%A0']

/** A malformed or unusual spelling of `value`. */
export function mutateValue(value: string, r: Random): { value: string; trait: string } {
  const kind = r.weighted([
    ['broken percent-encoding', 4],
    ['unicode', 2],
    ['plus as space', 2],
    ['huge value', 1],
    ['empty value', 2],
  ] as const)
  switch (kind) {
    case 'broken percent-encoding': {
      const bad = r.pick(BROKEN_ENCODINGS)
      const at = r.int(0, value.length)
      return { value: value.slice(0, at) + bad + value.slice(at), trait: kind }
    }
    case 'unicode':
      return { value: r.chance(0.5) ? value + r.pick(UNICODE) : r.pick(UNICODE) + value, trait: kind }
    case 'plus as space':
      return { value: r.pick(['+', '++']) + value + r.pick(['', '+']), trait: kind }
    case 'huge value':
      return { value: hugeValue(r), trait: kind }
    case 'empty value':
      return { value: '', trait: kind }
  }
}

export function hugeValue(r: Random): string {
  const size = r.weighted([
    [HUGE_SIZES[0]!, 4],
    [HUGE_SIZES[1]!, 2],
    [HUGE_SIZES[2]!, 2],
    [HUGE_SIZES[3]!, 1],
    [HUGE_SIZES[4]!, 2],
  ] as const)
  return r.pick(['a', '1', '%41', 'deadbeef', '2024-01-01']).repeat(size).slice(0, size)
}
