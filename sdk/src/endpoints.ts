// The method of the client that calls each endpoint of the API. The generator's code samples
// (x-codeSamples in the published spec) are written from this table, and `satisfies` makes
// the build fail if a name here is not a method of the client.
import type { AdventiveClient } from './client.ts'

export const ENDPOINT_METHODS = {
  credentialscheck: 'credentialsCheck',
  advertisers: 'advertisers',
  campaigns: 'campaigns',
  analytics: 'analytics',
  clickthroughs: 'clickthroughs',
  connector: 'connector',
  dataconnector: 'dataconnector',
} as const satisfies Record<string, keyof AdventiveClient>

export type Endpoint = keyof typeof ENDPOINT_METHODS
