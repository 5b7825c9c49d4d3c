// GET /credentialscheck: authentication and the rate limit are the whole
// answer; by the time the handler runs, both have passed.
import { defineEndpoint } from './endpoint.ts'

export const credentialscheck = defineEndpoint({
  name: 'credentialscheck',
  params: [],
  ownership: 'none',
  handler: async () => ({ status: true }),
})
