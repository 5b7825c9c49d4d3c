// The database layer both Workers share (see client.ts for the failure model).
export { openSqlClient, DEFAULT_BATCH_ROWS } from './client.ts'
export type { Row, RowValues, RowBatches, SqlClient, SqlClientOptions } from './client.ts'
export { CONNECT_TIMEOUT_MS } from './connection.ts'
export type { MysqlTarget, SocketFactory } from './connection.ts'
export {
  DatabaseTimeoutError,
  DatabaseUnavailableError,
  isDatabaseOutage,
  isStatementTimeout,
  isTransientConnectionError,
} from './errors.ts'
export { withStatementLimit } from './statement-limit.ts'
export { UnsupportedColumnError } from './text-values.ts'
