// Per-handler feature flags from [vars] (plan phase 6): cutting a handler
// over, or back, is a flag flip plus a version pin, not a code change. A
// handler that is off is served by the legacy origin (pipeline/passthrough.ts).
import type { ApiVersion } from '../domain/vocabulary.ts'
import { flagName, type EndpointDefinition } from '../endpoints/endpoint.ts'

const isOn = (value: unknown) => value === 'true' || value === '1'

/** Whether the Worker itself serves `endpoint` at `version` (its flag, and the version's own flag if any). */
export function handlerEnabled(
  vars: Readonly<Record<string, unknown>>,
  endpoint: EndpointDefinition,
  version: ApiVersion,
): boolean {
  if (!isOn(vars[flagName(endpoint.name)])) return false
  const versionFlag = endpoint.versionFlags?.[version]
  return versionFlag === undefined || isOn(vars[versionFlag])
}
