// GET /dataconnector: the v2 analytics rows of the whole account (no
// advertiser filter, no removeZeros), converted for Looker Studio. A year of a
// large account does not fit in memory, so the rows stream: one ordered query
// (kpi LEFT JOIN video) read row by row into a lazy list the renderers drain.
import type { Row } from '../lib/db-types.ts'
import { lazyList, type PhpAssoc, type PhpValue } from '../lib/format/php-value.ts'
import { analyticsV2Row } from './analytics-rows.ts'
import { CONNECTOR_SCHEMA, connectorNewRow, connectorRow } from './connector-convert.ts'
import { mapRows, primed } from './row-stream.ts'
import { kpiWithVideoSql, statsFilter } from './stats-sql.ts'
import type { Handler } from './types.ts'

/** A joined row as the v2 analytics row: NULL video columns mean the LEFT JOIN found no video row. */
export function v2RowFromJoined(row: Row): PhpAssoc {
  return analyticsV2Row(row, row.video_starts == null ? undefined : row)
}

export const dataconnector: Handler = async ({ db, accountId, params }) => {
  const { where, args } = statsFilter(accountId, params, false)
  // The filter appears twice: once in each side of the join.
  const rows = await primed(db.aggregate.stream(kpiWithVideoSql(where), [...args, ...args]))
  const convert = params.dataConnector === 2 ? connectorNewRow : connectorRow
  const items = lazyList(mapRows(rows, (row): PhpValue => convert(v2RowFromJoined(row))))
  return params.dataConnector === 2 ? items : { schema: CONNECTOR_SCHEMA, rows: items }
}
