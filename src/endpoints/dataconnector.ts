// GET /dataconnector: the v2 analytics rows of the whole account (no
// advertiser filter, no removeZeros), converted for Looker Studio (the first
// shape needs only the kpi side of them). A year of
// a large account does not fit in memory, so the rows stream from the
// ordered query straight into the renderer.
import { defineEndpoint } from './endpoint.ts'
import {
  CONNECTOR_NEW_COLUMNS,
  CONNECTOR_SCHEMA,
  connectorNewRow,
  connectorRow,
} from './stats/connector-shapes.ts'
import { kpiRows, kpiWithVideoRows, v2Row } from './stats/daily-rows.ts'
import { listOf, tableOf } from './tables.ts'

export const dataconnector = defineEndpoint({
  name: 'dataconnector',
  params: ['from', 'to', 'data_connector', 'version'],
  ownership: 'none',
  handler: async ({ db, accountId, params }) => {
    if (params.dataConnector === 2) {
      const rows = kpiWithVideoRows(db.aggregate, accountId, params, false)
      return tableOf(rows, CONNECTOR_NEW_COLUMNS, (row) => connectorNewRow(v2Row(row)))
    }
    const rows = kpiRows(db.aggregate, accountId, params, false)
    return { schema: CONNECTOR_SCHEMA, rows: listOf(rows, connectorRow) }
  },
})
