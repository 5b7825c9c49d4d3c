// What handlers see of the databases. Implemented by src/lib/db.ts (mysql2
// over Hyperdrive, the only module that imports the driver) and by the Node
// adapter the handler unit tests use.

/**
 * One result row as the legacy app saw it through mysqli: every value is a
 * string (numbers, dates, DECIMALs, BIGINT sums alike), NULL is null.
 */
export type Row = Record<string, string | null>

export interface SqlClient {
  /** A parameterised query (`?` placeholders, escaped client-side; no prepared statements, which Hyperdrive lacks). */
  query(sql: string, params?: readonly unknown[]): Promise<Row[]>
  /** The same, row by row, for results too big to hold (dataconnector). */
  stream(sql: string, params?: readonly unknown[]): AsyncIterable<Row>
}

export interface Databases {
  /** DB_CONSOLE: accounts, api, advertisers, campaigns, sites, placements, ad_units, delivery_groups. */
  console: SqlClient
  /** DB_AGGREGATE: daily_kpi, daily_video, daily_clicks. */
  aggregate: SqlClient
}
