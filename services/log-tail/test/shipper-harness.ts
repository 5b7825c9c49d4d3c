// A shipper wired to the fake New Relic with a hand-driven clock, recorded
// sleeps and warnings: what the shipper and parity-event tests share.
import { createShipper, DEFAULT_SHIPPER, type Shipper, type ShipperConfig } from '../src/shipper.ts'
import type { FakeNewRelic } from './fake-new-relic.ts'

export const LICENSE = 'nr-license-for-tests'

export interface Harness {
  clock: number
  sleeps: number[]
  warnings: string[]
  shipper(overrides?: Partial<ShipperConfig>): Shipper
}

export function shipperHarness(nr: FakeNewRelic, common: Record<string, string>): Harness {
  const h: Harness = {
    clock: 1_000_000,
    sleeps: [],
    warnings: [],
    shipper: (overrides = {}) =>
      createShipper(
        {
          ...DEFAULT_SHIPPER,
          url: nr.url,
          eventsUrl: nr.eventsUrl,
          licenseKey: LICENSE,
          common,
          ...overrides,
        },
        {
          fetch: (url, init) => fetch(url, init),
          sleep: async (ms) => {
            h.sleeps.push(ms)
          },
          random: () => 0.5,
          now: () => h.clock,
          warn: (m) => h.warnings.push(m),
        },
      ),
  }
  return h
}
