// The credentials of the demo seed (db/seed/demo.sql, made by db/tools/gen_seed.py):
// local data only, documented in the README. The one place tools and tests
// take them from, so a reseeded key changes here and nowhere else.

export interface Credential {
  integrationKey: string
  apiKey: string
}

/** adv-int-main-0001: account 1, 200 requests per hour. */
export const MAIN: Credential = {
  integrationKey: 'adv-int-main-0001',
  apiKey: 'ak_main_5f2b9c81d7e04a6b93c1e8f0a4d27b6e',
}

/** Account 1, 3 requests per hour (the rate-limit fixtures). */
export const RPH3: Credential = {
  integrationKey: 'adv-int-rl3-0002',
  apiKey: 'ak_rl3_0c7e1d9a2b4f46e8a1d3c5b7e9f02468',
}

/** Account 2, 200 requests per hour. */
export const ACCOUNT2: Credential = {
  integrationKey: 'adv-int-acct2-0003',
  apiKey: 'ak_acct2_9a8b7c6d5e4f40312a3b4c5d6e7f8091',
}

/** A disabled key of account 1. */
export const DISABLED: Credential = {
  integrationKey: 'adv-int-disabled-0004',
  apiKey: 'ak_disabled_1111aaaa2222bbbb3333cccc4444',
}

/** Account 1's key that expired at 2024-03-01 00:00:00 UTC. */
export const EXPIRED: Credential = {
  integrationKey: 'adv-int-expired-0005',
  apiKey: 'ak_expired_5555dddd6666eeee7777ffff8888',
}

/** An active key of the suspended account 3. */
export const SUSPENDED: Credential = {
  integrationKey: 'adv-int-suspended-0006',
  apiKey: 'ak_suspended_99990000aaaabbbbccccdddd',
}

/** Account 1's key expiring at 2030-01-01 00:00:00 UTC, 50 requests per hour. */
export const FUTURE: Credential = {
  integrationKey: 'adv-int-future-0007',
  apiKey: 'ak_future_2030e1f2a3b4c5d6e7f8091a2b3c',
}

/** The request headers that carry a credential. */
export function credentialHeaders(credential: Credential): {
  'X-Integration-Key': string
  'X-Api-Key': string
} {
  return { 'X-Integration-Key': credential.integrationKey, 'X-Api-Key': credential.apiKey }
}

/** The credential `npm start`, the benchmark and the smoke checks use. */
export const DEMO_CREDENTIALS = MAIN
