// What an endpoint is, in one place: its name, the parameters it reads (in
// the legacy order of checks), who checks that advertiser_id belongs to the
// caller's account, its feature flags, and its handler. The modules
// beside this file each export one definition; registry.ts lists them, and
// routing, validation, flags, the Env typing and the parity harness read it.
import type { SqlClient } from '@adventive/worker-kit/db'
import type { ApiVersion, LegacyParams, ParamName } from '../domain/vocabulary.ts'
import type { PhpValue } from '../render/php-value.ts'

/** What a handler may read. */
export interface Databases {
  /** DB_CONSOLE: accounts, api, advertisers, campaigns, sites, placements, ad_units, delivery_groups. */
  console: SqlClient
  /** DB_AGGREGATE: daily_kpi, daily_video, daily_clicks. */
  aggregate: SqlClient
}

export interface HandlerInput {
  accountId: number
  version: ApiVersion
  params: LegacyParams
  db: Databases
}

/**
 * Validated parameters and database access in, the PHP value the legacy
 * controller passed to $this->response() out. A handler knows nothing of
 * HTTP, formats, auth or rate limits; it may throw LegacyError for the
 * legacy answers that come from data (an account closed meanwhile).
 */
export type Handler = (input: HandlerInput) => Promise<PhpValue>

export interface EndpointDefinition<Name extends string = string> {
  /** The path segment: /<name>, /v1.0/<name>, /v2.0/<name>. */
  readonly name: Name
  /** The query parameters it reads, each validated in the legacy order (request/parameters.ts). */
  readonly params: readonly ParamName[]
  /**
   * Who answers 404 Advertiser not found when advertiser_id is given and is
   * not the account's: 'pipeline' — a query of its own before the handler;
   * 'handler' — the handler's query proves it and throws the 404 before its
   * first row (one database round trip less; same answer, same order of
   * checks, since no byte is sent before the first rows); 'none' — the
   * endpoint does not read advertiser_id.
   */
  readonly ownership: 'pipeline' | 'handler' | 'none'
  /** An extra flag a version needs on top of the endpoint's own (analytics 2.0). */
  readonly versionFlags?: Partial<Record<ApiVersion, string>>
  readonly handler: Handler
}

/** The [vars] flag that turns an endpoint on: HANDLER_<NAME>_ENABLED. */
export type FlagName<Name extends string> = `HANDLER_${Uppercase<Name>}_ENABLED`

export function flagName<Name extends string>(name: Name): FlagName<Name> {
  return `HANDLER_${name.toUpperCase()}_ENABLED` as FlagName<Name>
}

/** Declares an endpoint, keeping its literal types (name, flags) for the registry and the Env typing. */
export function defineEndpoint<const D extends EndpointDefinition>(definition: D): D {
  return definition
}
