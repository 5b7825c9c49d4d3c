// GET /credentialscheck: authentication and the rate limit are the whole
// answer; by the time a handler runs, both have passed.
import type { Handler } from './types.ts'

export const credentialscheck: Handler = async () => ({ status: true })
