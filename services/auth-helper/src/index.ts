// adv-svc-auth-helper: verifies API credentials for the public API Worker
// over a service binding (RPC, entrypoint AuthHelper). Its only HTTP surface
// is the health check.
import { WorkerEntrypoint } from 'cloudflare:workers'
import { openSqlClient } from '../../../src/lib/db.ts'
import { createLogger } from '../../../src/lib/logger.ts'
import type { AuthHelperRpc, VerifyRequest, VerifyResult } from './contract.ts'
import { verifyCredentials } from './verify.ts'

export interface HelperEnv {
  CACHE: KVNamespace
  DB_CONSOLE: Hyperdrive
  COMMIT_SHA: string
  ENVIRONMENT: string
}

// Tighter than the API's defaults: the API waits at most 5 s for verify().
const DB_OPTIONS = { connectTimeoutMs: 2_000, queryBudgetMs: 2_000 }

export class AuthHelper extends WorkerEntrypoint<HelperEnv> implements AuthHelperRpc {
  async verify(request: VerifyRequest): Promise<VerifyResult> {
    const log = createLogger({ service: 'adv-svc-auth-helper', commit_sha: this.env.COMMIT_SHA })
    return verifyCredentials(request, {
      cache: this.env.CACHE,
      openDb: () => openSqlClient(this.env.DB_CONSOLE, this.ctx, { ...DB_OPTIONS, log }),
      waitUntil: (promise) => this.ctx.waitUntil(promise),
      log,
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
