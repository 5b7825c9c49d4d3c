// The auth helper with its KV namespace down: every get and put rejects, as
// KV does in an outage. Everything else is the real helper (its lookup, its
// verdicts, its logs), so the fault suite sees what a KV outage costs: a
// database lookup per verification, and nothing a client can tell.
import helper, {
  AuthHelper as RealAuthHelper,
  type HelperEnv,
} from '../../../services/auth-helper/src/index.ts'

const down = () => Promise.reject(new Error('KV GET failed: 503 Service Unavailable (fault injected)'))

/** A namespace whose every call fails. */
export const FAILING_KV = {
  get: down,
  getWithMetadata: down,
  put: down,
  delete: down,
  list: down,
} as unknown as KVNamespace

export class AuthHelper extends RealAuthHelper {
  constructor(ctx: ExecutionContext, env: HelperEnv) {
    super(ctx, { ...env, CACHE: FAILING_KV })
  }
}

export default helper
