// The bindings of the public API Worker, as declared in wrangler.toml.
// Keep this in step with wrangler.toml: a test compares the two.
import type { AuthHelper } from '../services/auth-helper/src/index.ts'
import type { RateLimiter } from './durable-objects/RateLimiter.ts'

export interface Env {
  /** console cluster (accounts, credentials, advertisers, campaigns …). */
  DB_CONSOLE: Hyperdrive
  /** aggregate_ro cluster (daily statistics). */
  DB_AGGREGATE: Hyperdrive
  /** adv-svc-auth-helper-<env>, reached over a service binding (RPC). */
  AUTH: Service<AuthHelper>
  /** Per-credential clock-hour counters. */
  RATE_LIMITER: DurableObjectNamespace<RateLimiter>
  /** Fallback counters when the Durable Object is unavailable (see decisions/). */
  RATE_LIMIT_KV: KVNamespace
  /** Static assets: the generated Redoc page served at /docs. */
  ASSETS: Fetcher

  ENVIRONMENT: 'local' | 'dev' | 'stg' | 'prd' | 'test'
  COMMIT_SHA: string
  DOCS_URL: string
  CORS_ALLOWED_ORIGINS: string
  HANDLER_CREDENTIALSCHECK_ENABLED: string
  HANDLER_ADVERTISERS_ENABLED: string
  HANDLER_CAMPAIGNS_ENABLED: string
  HANDLER_ANALYTICS_ENABLED: string
  HANDLER_ANALYTICS_V2_ENABLED: string
  HANDLER_CLICKTHROUGHS_ENABLED: string
  HANDLER_CONNECTOR_ENABLED: string
  HANDLER_DATACONNECTOR_ENABLED: string
  /**
   * "1" enables the test-only hooks (pinned clock, rate-limit namespaces).
   * Only ever set by the test and parity tooling; ignored when ENVIRONMENT is
   * stg or prd (see src/lib/test-hooks.ts).
   */
  TEST_HOOKS?: string
}

// Ties the runtime's ambient types (`env` from cloudflare:test / cloudflare:workers,
// `exports`) to this Worker's own bindings and main module.
declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- augmenting the runtime's ambient namespace
  namespace Cloudflare {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging
    interface Env extends WorkerBindings {}
    interface GlobalProps {
      mainModule: WorkerModule
      durableNamespaces: 'RateLimiter'
    }
  }
}
type WorkerBindings = Env
// eslint-disable-next-line @typescript-eslint/consistent-type-imports -- the module's own type, for ambient typing
type WorkerModule = typeof import('./index.ts')
