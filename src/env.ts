// The bindings of the public API Worker, as declared in wrangler.toml (a test
// compares the two). The feature flags come from the endpoint registry, so a
// new endpoint brings its flag's type with it.
import type { AuthHelperRpc } from '@adventive/worker-kit/auth-contract'
import type { RateLimiterRpc } from './durable-objects/rate-limiter-contract.ts'
import type { HandlerFlag } from './endpoints/registry.ts'

export type Env = {
  /** console cluster (accounts, credentials, advertisers, campaigns …). */
  DB_CONSOLE: Hyperdrive
  /** aggregate_ro cluster (daily statistics). */
  DB_AGGREGATE: Hyperdrive
  /** adv-svc-auth-helper-<env>, reached over a service binding (RPC), typed by its contract. */
  AUTH: Fetcher & AuthHelperRpc
  /** Per-credential clock-hour counters. */
  RATE_LIMITER: DurableObjectNamespace<RateLimiterRpc & Rpc.DurableObjectBranded>
  /** Counts failed authentications per client address (Workers rate-limiting binding). */
  AUTH_FAILURES?: RateLimit
  /** Static assets: the generated Redoc page (/docs) and bundled spec (/openapi.yaml). */
  ASSETS: Fetcher

  ENVIRONMENT: 'local' | 'dev' | 'stg' | 'prd' | 'test'
  COMMIT_SHA: string
  DOCS_URL: string
  CORS_ALLOWED_ORIGINS: string
  /** Base URL of the legacy PHP API: serves every endpoint whose flag is off (empty: those answer 404). */
  LEGACY_ORIGIN?: string
  /** Share of the Worker's answers also fetched from the legacy API and compared (0..1; default 0: off). */
  SHADOW_SAMPLE_RATE?: string
  /** Where shadow requests go: a legacy instance whose rate counters are not the partners' (empty: no shadowing). */
  SHADOW_ORIGIN?: string
  /** Largest body compared, per side (default 1 MiB). */
  SHADOW_MAX_BYTES?: string
  /** Longest wait for the legacy answer (default 10 s). */
  SHADOW_TIMEOUT_MS?: string
} & { [Flag in HandlerFlag]?: string }
