// adv-svc-public-api-tail: the Worker entry. Thin on purpose — the logic is
// in shipper.ts (tested under Node against a fake New Relic). The shipper is
// created once per isolate so its buffer outlives a single tail() call.
import { eventsUrl } from './events.ts'
import { createShipper, DEFAULT_SHIPPER, type Shipper } from './shipper.ts'
import type { TraceEvent } from './trace.ts'

export interface TailEnv {
  ENVIRONMENT: string
  COMMIT_SHA: string
  NEW_RELIC_LOGS_URL: string
  /** Event API URL with an {account_id} placeholder (wrangler.toml). */
  NEW_RELIC_EVENTS_URL?: string
  /** The New Relic account id, passed at deploy (--var NEW_RELIC_ACCOUNT_ID:…); not a secret, not in the repo. */
  NEW_RELIC_ACCOUNT_ID?: string
  /** Worker secret (wrangler secret put); absent locally, where nothing is shipped. */
  NEW_RELIC_LICENSE_KEY?: string
  /** This tail Worker's own version (wrangler.toml version_metadata): its canary gate counts its records. */
  CF_VERSION_METADATA?: { id: string }
}

let shipper: Shipper | undefined

function shipperFor(env: TailEnv): Shipper {
  shipper ??= createShipper(
    {
      ...DEFAULT_SHIPPER,
      url: env.NEW_RELIC_LOGS_URL,
      eventsUrl: eventsUrl(env.NEW_RELIC_EVENTS_URL, env.NEW_RELIC_ACCOUNT_ID),
      licenseKey: env.NEW_RELIC_LICENSE_KEY,
      common: {
        environment: env.ENVIRONMENT,
        'log_tail.commit': env.COMMIT_SHA,
        ...(env.CF_VERSION_METADATA?.id ? { 'log_tail.version': env.CF_VERSION_METADATA.id } : {}),
        plugin: 'adv-svc-public-api-tail',
      },
    },
    {
      fetch: (url, init) => fetch(url, init),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      random: Math.random,
      now: Date.now,
      warn: (message) => console.warn(message),
    },
  )
  return shipper
}

export default {
  async tail(events: TraceItem[], env: TailEnv, ctx: ExecutionContext): Promise<void> {
    ctx.waitUntil(shipperFor(env).ship(events as unknown as TraceEvent[]))
  },
}
