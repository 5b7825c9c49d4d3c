// The credentials the mock accepts: the active demo credentials of the local demo data
// (db/README.md, db/seed/demo.sql), with their hourly limits. Any other pair is
// `Invalid credentials`, as on the real API for a key it does not know.
export interface DemoCredential {
  integrationKey: string
  apiKey: string
  /** Requests per clock hour (UTC). */
  rph: number
}

export const DEMO_CREDENTIALS: readonly DemoCredential[] = [
  { integrationKey: 'adv-int-main-0001', apiKey: 'ak_main_5f2b9c81d7e04a6b93c1e8f0a4d27b6e', rph: 200 },
  { integrationKey: 'adv-int-rl3-0002', apiKey: 'ak_rl3_0c7e1d9a2b4f46e8a1d3c5b7e9f02468', rph: 3 },
  { integrationKey: 'adv-int-acct2-0003', apiKey: 'ak_acct2_9a8b7c6d5e4f40312a3b4c5d6e7f8091', rph: 200 },
  { integrationKey: 'adv-int-future-0007', apiKey: 'ak_future_2030e1f2a3b4c5d6e7f8091a2b3c', rph: 50 },
]

/** The demo credential with exactly these keys (byte for byte, like the API), if any. */
export function demoCredential(integrationKey: string, apiKey: string): DemoCredential | undefined {
  return DEMO_CREDENTIALS.find((c) => c.integrationKey === integrationKey && c.apiKey === apiKey)
}
