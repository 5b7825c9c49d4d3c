// Per-handler feature flags from [vars] (plan phase 6): cutting a handler
// over, or back, is a flag flip plus a version pin, not a code change. A
// disabled handler answers exactly like an unknown method.
import type { Env } from '../env.ts'
import type { ApiVersion, Endpoint } from '../handlers/types.ts'

const FLAG: Record<Endpoint, keyof Env> = {
  credentialscheck: 'HANDLER_CREDENTIALSCHECK_ENABLED',
  advertisers: 'HANDLER_ADVERTISERS_ENABLED',
  campaigns: 'HANDLER_CAMPAIGNS_ENABLED',
  analytics: 'HANDLER_ANALYTICS_ENABLED',
  clickthroughs: 'HANDLER_CLICKTHROUGHS_ENABLED',
  connector: 'HANDLER_CONNECTOR_ENABLED',
  dataconnector: 'HANDLER_DATACONNECTOR_ENABLED',
}

const isOn = (value: unknown) => value === 'true' || value === '1'

export function handlerEnabled(env: Env, endpoint: Endpoint, version: ApiVersion | null): boolean {
  if (!isOn(env[FLAG[endpoint]])) return false
  if (endpoint === 'analytics' && version === '2.0') return isOn(env.HANDLER_ANALYTICS_V2_ENABLED)
  return true
}
