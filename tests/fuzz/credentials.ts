// Credential variants: the demo rows (the same in every generated seed:
// db/tools/gen_seed.py) in every state, and the ways a client gets the two
// headers wrong. Each variant says which row it may authenticate as, so the
// generator can keep every row under its hourly limit.
import {
  ACCOUNT2,
  DISABLED,
  EXPIRED,
  FUTURE,
  MAIN,
  RPH3,
  SUSPENDED,
} from '../../scripts/db/demo-credentials.ts'
import type { Random } from './random.ts'

export interface CredentialRow {
  integrationKey: string
  apiKey: string
  /** Requests per hour; the generator spends at most this many per clock window. */
  rph: number
}

/** The demo rows (scripts/db/demo-credentials.ts, the one place they are written) with their rph. */
export const ROWS = {
  main: { ...MAIN, rph: 200 },
  rl3: { ...RPH3, rph: 3 },
  acct2: { ...ACCOUNT2, rph: 200 },
  disabled: { ...DISABLED, rph: 200 },
  expired: { ...EXPIRED, rph: 200 },
  suspended: { ...SUSPENDED, rph: 200 },
  future: { ...FUTURE, rph: 50 },
} as const satisfies Record<string, CredentialRow>

export type RowName = keyof typeof ROWS

/** Header name → one value, or several (the header sent more than once). */
export type HeaderList = [string, string | string[]][]

export interface CredentialVariant {
  trait: string
  headers: HeaderList
  /** The row these headers may authenticate as on either side, if any. */
  row: RowName | null
}

const INT = 'X-Integration-Key'
const API = 'X-Api-Key'
const KIB = 1024

const pair = (row: RowName, intName = INT, apiName = API): HeaderList => [
  [intName, ROWS[row].integrationKey],
  [apiName, ROWS[row].apiKey],
]
const withApiKey = (row: RowName, apiKey: string | string[]): HeaderList => [
  [INT, ROWS[row].integrationKey],
  [API, apiKey],
]

type Builder = (r: Random) => Omit<CredentialVariant, 'trait'>

const main = ROWS.main
const CASINGS = [
  ['x-integration-key', 'x-api-key'],
  ['X-INTEGRATION-KEY', 'X-API-KEY'],
  ['x-Integration-KEY', 'X-api-Key'],
] as const

/** [trait, weight, builder] — weights are relative. */
const VARIANTS: [string, number, Builder][] = [
  ['main', 440, () => ({ headers: pair('main'), row: 'main' })],
  ['other account', 50, () => ({ headers: pair('acct2'), row: 'acct2' })],
  ['expires 2030 (rph 50)', 25, () => ({ headers: pair('future'), row: 'future' })],
  ['rph 3', 15, () => ({ headers: pair('rl3'), row: 'rl3' })],
  ['expired key', 25, () => ({ headers: pair('expired'), row: 'expired' })],
  ['disabled key', 15, () => ({ headers: pair('disabled'), row: 'disabled' })],
  ['suspended account', 15, () => ({ headers: pair('suspended'), row: 'suspended' })],
  ['header names in other case', 20, (r) => ({ headers: pair('main', ...r.pick(CASINGS)), row: 'main' })],
  ['missing both', 30, () => ({ headers: [], row: null })],
  ['only the integration key', 12, () => ({ headers: [[INT, main.integrationKey]], row: null })],
  ['only the api key', 12, () => ({ headers: [[API, main.apiKey]], row: null })],
  ['empty api key', 12, () => ({ headers: withApiKey('main', ''), row: null })],
  [
    'empty integration key',
    8,
    () => ({
      headers: [
        [INT, ''],
        [API, main.apiKey],
      ],
      row: null,
    }),
  ],
  ['api key "0"', 12, () => ({ headers: withApiKey('main', '0'), row: null })],
  [
    'integration key "0"',
    8,
    () => ({
      headers: [
        [INT, '0'],
        [API, main.apiKey],
      ],
      row: null,
    }),
  ],
  ['whitespace key', 10, (r) => ({ headers: withApiKey('main', r.pick([' ', '\t', '  \t '])), row: null })],
  [
    'valid key padded with whitespace',
    12,
    (r) => ({
      headers: withApiKey('main', r.pick([' ', '\t', '  ']) + main.apiKey + r.pick(['', ' ', '\t'])),
      row: 'main',
    }),
  ],
  [
    'wrong api key',
    20,
    (r) => ({
      headers: withApiKey(
        'main',
        r.pick([main.apiKey + 'x', main.apiKey.slice(0, -1), main.apiKey.slice(0, -1) + 'f', 'ak_main_']),
      ),
      row: null,
    }),
  ],
  ['api key in other case', 8, () => ({ headers: withApiKey('main', main.apiKey.toUpperCase()), row: null })],
  [
    'keys swapped between the headers',
    6,
    () => ({
      headers: [
        [INT, main.apiKey],
        [API, main.integrationKey],
      ],
      row: null,
    }),
  ],
  [
    'keys of two rows mixed',
    10,
    (r) => ({
      headers: [
        [INT, main.integrationKey],
        [API, r.pick([ROWS.acct2, ROWS.rl3, ROWS.future]).apiKey],
      ],
      row: null,
    }),
  ],
  ['10 KiB api key', 8, () => ({ headers: withApiKey('main', 'k'.repeat(10 * KIB)), row: null })],
  ['65-character api key', 6, () => ({ headers: withApiKey('main', 'a'.repeat(65)), row: null })],
  [
    'non-ASCII bytes in a key',
    12,
    (r) => ({
      headers: r.chance(0.5)
        ? withApiKey('main', r.pick(['cl\u00e9', main.apiKey + '\u00e9', '\u00ff\u00fe', 'ak_m\u00e4in_x']))
        : [
            [INT, 'adv-int-m\u00e0in-0001'],
            [API, main.apiKey],
          ],
      row: null,
    }),
  ],
  [
    'SQL and LIKE characters in a key',
    8,
    (r) => ({
      headers: withApiKey(
        'main',
        r.pick(["' OR '1'='1", 'ak_main_%', '\\', "ak_main_5f2b9c81d7e04a6b93c1e8f0a4d27b6e' -- "]),
      ),
      row: null,
    }),
  ],
  [
    'api key header sent twice',
    8,
    (r) => ({
      headers: withApiKey(
        'main',
        r.pick([
          [main.apiKey, main.apiKey],
          [main.apiKey, 'wrong'],
          ['wrong', main.apiKey],
        ]),
      ),
      row: 'main',
    }),
  ],
  [
    'underscores in the header names',
    6,
    () => ({
      headers: [
        ['X_Integration_Key', main.integrationKey],
        ['X_Api_Key', main.apiKey],
      ],
      row: 'main',
    }),
  ],
  ['credentials in the query only', 6, () => ({ headers: [], row: null })],
]

export const CREDENTIAL_TRAITS = VARIANTS.map(([trait]) => trait)

export function credentialVariant(r: Random, exclude: (row: RowName) => boolean): CredentialVariant {
  const [trait, , build] = r.weighted(VARIANTS.map((v) => [v, v[1]] as const))
  const variant = { trait, ...build(r) }
  // Out of budget for this window: send the row's keys with one byte wrong instead (never counted).
  if (variant.row !== null && exclude(variant.row))
    return {
      trait: 'wrong api key',
      headers: withApiKey(variant.row, 'x' + ROWS[variant.row].apiKey),
      row: null,
    }
  return variant
}

/** Query parameters a confused client sends instead of the headers. */
export const QUERY_CREDENTIALS = `api_key=${main.apiKey}&integration_key=${main.integrationKey}`
