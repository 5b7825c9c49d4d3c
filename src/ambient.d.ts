// Ties the runtime's ambient types (`env` from cloudflare:test / cloudflare:workers,
// `exports`) to this Worker's own bindings and main module. Nothing imports this
// file (tsconfig includes it), so the bindings' types never import the entry back.
import type { Env } from './env.ts'

declare global {
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
