import { WorkerEntrypoint } from 'cloudflare:workers'
import type { AuthHelperRpc, VerifyRequest, VerifyResult } from './contract.ts'

export interface HelperEnv {
  CACHE: KVNamespace
  DB_CONSOLE: Hyperdrive
  COMMIT_SHA: string
  ENVIRONMENT: string
}

/** Placeholder until the auth helper lands (issue 3). */
export class AuthHelper extends WorkerEntrypoint<HelperEnv> implements AuthHelperRpc {
  async verify(_request: VerifyRequest): Promise<VerifyResult> {
    return { valid: false, cached: false }
  }
}

export default {
  async fetch(request: Request, env: HelperEnv): Promise<Response> {
    if (new URL(request.url).pathname === '/__health') {
      return Response.json({ status: 'ok', commit: env.COMMIT_SHA })
    }
    return new Response('Not found', { status: 404 })
  },
} satisfies ExportedHandler<HelperEnv>
