// The credentials the mock accepts: the active demo credentials of the local demo data
// (db/README.md, db/seed/demo.sql), with their hourly limits. Any other pair is
// `Invalid credentials`, as on the real API for a key it does not know.
import { ACCOUNT2, FUTURE, MAIN, RPH3 } from '../db/demo-credentials.ts'

export interface DemoCredential {
  integrationKey: string
  apiKey: string
  /** Requests per clock hour (UTC). */
  rph: number
}

export const DEMO_CREDENTIALS: readonly DemoCredential[] = [
  { ...MAIN, rph: 200 },
  { ...RPH3, rph: 3 },
  { ...ACCOUNT2, rph: 200 },
  { ...FUTURE, rph: 50 },
]

/** The demo credential with exactly these keys (byte for byte, like the API), if any. */
export function demoCredential(integrationKey: string, apiKey: string): DemoCredential | undefined {
  return DEMO_CREDENTIALS.find((c) => c.integrationKey === integrationKey && c.apiKey === apiKey)
}
