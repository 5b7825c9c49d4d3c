// One legacy request after routing, in the legacy order of checks:
//   flag → (php|serialized → 410) → auth (401/503) → rate limit (429)
//   → parameters (400) → ownership (404) → handler → render.
// Handlers return PHP values; everything HTTP happens here and in respond().
import type { Context } from 'hono'
import { HANDLERS } from '../handlers/index.ts'
import { advertiserBelongsToAccount } from '../handlers/ownership.ts'
import type { Endpoint } from '../handlers/types.ts'
import { authenticate } from './auth.ts'
import type { AppEnv } from './context.ts'
import { openDatabases } from './db.ts'
import { HttpError, LegacyMessage } from './errors.ts'
import { handlerEnabled } from './flags.ts'
import { enforceRateLimit } from './ratelimit.ts'
import { respond } from './respond.ts'
import { pathVersion } from './routing.ts'
import { rateNamespace } from './test-hooks.ts'
import { ENDPOINT_PARAMS, validateRequest } from './validation.ts'

/** The legacy body of /credentialscheck. */
const CREDENTIALS_OK = { status: true }

export async function serveEndpoint(c: Context<AppEnv>, endpoint: Endpoint): Promise<Response> {
  const state = c.get('state')
  const env = c.env
  const prefixVersion = pathVersion(c.req.path)
  state.endpoint = endpoint
  state.version = prefixVersion ?? undefined

  if (!handlerEnabled(env, endpoint, prefixVersion)) throw new HttpError(404, LegacyMessage.unknownMethod)
  if (state.requestedFormat === 'php' || state.requestedFormat === 'serialized') {
    throw new HttpError(410, LegacyMessage.formatGone, { extra: { documentation: env.DOCS_URL } })
  }

  state.auth = await authenticate(env, c.req.raw.headers, state.now, state.log)
  state.log = state.log.child({ account_id: state.auth.accountId })
  state.rateLimitHeaders = await enforceRateLimit(
    env,
    state.auth,
    state.now,
    rateNamespace(env, c.req.raw.headers),
    state.log,
  )

  if (endpoint === 'credentialscheck') return respond(c, 200, CREDENTIALS_OK)

  const { version, params } = validateRequest(endpoint, prefixVersion, state.query, state.now)
  state.version = version
  if (!handlerEnabled(env, endpoint, version)) throw new HttpError(404, LegacyMessage.unknownMethod)

  const db = openDatabases(env, c.executionCtx, (ms) => {
    state.queryMs += ms
  })
  try {
    if (ENDPOINT_PARAMS[endpoint].includes('advertiser_id') && params.advertiserId !== null) {
      if (!(await advertiserBelongsToAccount(db, state.auth.accountId, params.advertiserId))) {
        throw new HttpError(404, LegacyMessage.advertiserNotFound)
      }
    }
    const data = await HANDLERS[endpoint]({ accountId: state.auth.accountId, version, params, db })
    // A streamed body keeps using the connections: they close when it ends.
    return await respond(c, 200, data, { onComplete: () => db.close() })
  } catch (err) {
    db.close()
    throw err
  }
}
