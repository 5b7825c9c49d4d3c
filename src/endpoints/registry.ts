// Every endpoint of the legacy API, registered once. Routing (with the route
// table generated from openapi.yaml), parameter validation, feature flags,
// the Env typing and the parity harness all read this list; adding an
// endpoint means its module here, its paths in the spec, and its tests.
import { advertisers } from './advertisers.ts'
import { analytics } from './analytics.ts'
import { campaigns } from './campaigns.ts'
import { clickthroughs } from './clickthroughs.ts'
import { connector } from './connector.ts'
import { credentialscheck } from './credentialscheck.ts'
import { dataconnector } from './dataconnector.ts'
import type { EndpointDefinition, FlagName } from './endpoint.ts'

export const ENDPOINTS = [
  credentialscheck,
  advertisers,
  campaigns,
  analytics,
  clickthroughs,
  connector,
  dataconnector,
] as const

export type EndpointName = (typeof ENDPOINTS)[number]['name']

type VersionFlagOf<E> = E extends { versionFlags: infer Flags } ? Flags[keyof Flags] : never

/** Every feature flag in [vars]: one per endpoint, plus the per-version ones. */
export type HandlerFlag = FlagName<EndpointName> | VersionFlagOf<(typeof ENDPOINTS)[number]>

const BY_NAME = new Map<string, EndpointDefinition>(ENDPOINTS.map((endpoint) => [endpoint.name, endpoint]))

export function endpointNamed(name: string): EndpointDefinition | undefined {
  return BY_NAME.get(name)
}
