// adv-svc-auth-helper: verifies API credentials for the public API Worker
// over a service binding (RPC, entrypoint AuthHelper). Its only HTTP surface
// is the health check.
import { WorkerEntrypoint } from 'cloudflare:workers'
import type { AuthHelperRpc, VerifyRequest, VerifyResult } from '@adventive/worker-kit/auth-contract'
import { openSqlClient } from '@adventive/worker-kit/db'
import { workersSocket } from '@adventive/worker-kit/db/workers-socket'
import { startDeadline } from '@adventive/worker-kit/deadline'
import { createLogger } from '@adventive/worker-kit/logger'
import { verifyCredentials } from './verify.ts'

export interface HelperEnv {
  CACHE: KVNamespace
  DB_CONSOLE: Hyperdrive
  COMMIT_SHA: string
  ENVIRONMENT: string
}

/** The whole lookup (connect + query) must fit well inside the 5 s the API waits for verify(). */
const LOOKUP_BUDGET_MS = 2_000

export class AuthHelper extends WorkerEntrypoint<HelperEnv> implements AuthHelperRpc {
  async verify(request: VerifyRequest): Promise<VerifyResult> {
    const log = createLogger({ service: 'adv-svc-auth-helper', commit_sha: this.env.COMMIT_SHA })
    return verifyCredentials(request, {
      cache: this.env.CACHE,
      openDb: () =>
        openSqlClient(this.env.DB_CONSOLE, {
          deadline: startDeadline(LOOKUP_BUDGET_MS),
          log,
          socket: workersSocket,
          waitUntil: (promise) => this.ctx.waitUntil(promise),
        }),
      waitUntil: (promise) => this.ctx.waitUntil(promise),
      log,
      wallClockMs: () => Date.now(),
    })
  }
}

export default {
  async fetch(request: Request, env: HelperEnv): Promise<Response> {
    if (request.method === 'GET' && new URL(request.url).pathname === '/__health') {
      return Response.json({ status: 'ok', commit: env.COMMIT_SHA })
    }
    return new Response('Not found', { status: 404 })
  },
} satisfies ExportedHandler<HelperEnv>
