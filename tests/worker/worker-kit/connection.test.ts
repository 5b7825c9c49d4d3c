// Connecting and failing in workerd: one retry for transient failures only,
// outages as DatabaseUnavailableError (the API's 503), SQL errors untouched
// and never retried.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import {
  DatabaseTimeoutError,
  DatabaseUnavailableError,
  isDatabaseOutage,
  isStatementTimeout,
  isTransientConnectionError,
  type MysqlTarget,
} from '@adventive/worker-kit/db'
import { CLOSED_PORT } from '../../support/db/closed-port.ts'
import { clientOf, rejection } from '../support/databases.ts'

const closedPort: MysqlTarget = CLOSED_PORT

describe('connection failures', () => {
  it('retries a refused connection once, then raises DatabaseUnavailableError', async () => {
    const { client, lines, pending } = clientOf(closedPort, { retryDelayMs: () => 10 })
    const err = await rejection(client.query('SELECT 1'))
    expect(err).toBeInstanceOf(DatabaseUnavailableError)
    expect(lines.map((l) => [l.event, l.attempt ?? null])).toEqual([
      ['db.connect.retry', null],
      ['db.connect.failed', 2],
    ])
    client.close()
    expect(pending).toHaveLength(0) // nothing was opened, nothing to close
  })

  it('does not retry a connection refused for bad credentials', async () => {
    const badPassword = {
      ...closedPort,
      host: env.DB_CONSOLE.host,
      port: env.DB_CONSOLE.port,
      password: 'wrong',
    }
    const { client, lines } = clientOf(badPassword, { retryDelayMs: () => 10 })
    expect(await rejection(client.query('SELECT 1'))).toBeInstanceOf(DatabaseUnavailableError)
    expect(lines.map((l) => l.event)).toEqual(['db.connect.failed'])
    expect(JSON.stringify(lines)).not.toContain('wrong')
  })

  it('raises the outage from a stream’s first read too', async () => {
    const { client } = clientOf(closedPort, { retryDelayMs: () => 10 })
    expect(await rejection(client.stream('SELECT 1').next())).toBeInstanceOf(DatabaseUnavailableError)
  })
})

describe('SQL errors', () => {
  it('are rethrown untouched, never retried, and the connection stays usable', async () => {
    const { client, lines, pending } = clientOf(env.DB_CONSOLE)
    const err = await rejection(client.query('SELECT * FROM no_such_table'))
    expect(isDatabaseOutage(err)).toBe(false)
    expect((err as { code?: string }).code).toBe('ER_NO_SUCH_TABLE')
    expect(lines.filter((l) => String(l.event).startsWith('db.connect'))).toEqual([])
    expect(await client.query('SELECT 2 AS ok')).toEqual([{ ok: '2' }])
    client.close()
    await Promise.all(pending)
  })

  it('are not granted writes: the read-only user cannot change a row', async () => {
    const { client } = clientOf(env.DB_AGGREGATE)
    const err = await rejection(client.query("DELETE FROM daily_kpi WHERE stat_date = '1999-01-01'"))
    expect(String((err as Error).message)).toMatch(/command denied/i)
    client.close()
  })
})

describe('error classification', () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'PROTOCOL_CONNECTION_LOST', 'ER_CON_COUNT_ERROR'])(
    'treats %s as transient',
    (code) => {
      expect(isTransientConnectionError(Object.assign(new Error('x'), { code }))).toBe(true)
    },
  )

  it.each(['ER_ACCESS_DENIED_ERROR', 'ER_BAD_DB_ERROR', 'ER_PARSE_ERROR', 'ER_NO_SUCH_TABLE'])(
    'treats %s as permanent',
    (code) => {
      expect(isTransientConnectionError(Object.assign(new Error('x'), { code }))).toBe(false)
    },
  )

  it('treats workerd "Network connection lost" as transient and non-errors as permanent', () => {
    expect(isTransientConnectionError(new Error('Network connection lost.'))).toBe(true)
    expect(isTransientConnectionError('ECONNREFUSED')).toBe(false)
    expect(isTransientConnectionError(null)).toBe(false)
  })

  it('knows the servers’ statement-timeout errors (MariaDB 1969, MySQL 3024)', () => {
    expect(isStatementTimeout({ errno: 1969 })).toBe(true)
    expect(isStatementTimeout({ errno: 3024 })).toBe(true)
    expect(isStatementTimeout({ errno: 1146 })).toBe(false)
  })

  it('counts unavailable and timeout as outages, nothing else', () => {
    expect(isDatabaseOutage(new DatabaseUnavailableError('x'))).toBe(true)
    expect(isDatabaseOutage(new DatabaseTimeoutError('x'))).toBe(true)
    expect(isDatabaseOutage(new Error('x'))).toBe(false)
  })
})
