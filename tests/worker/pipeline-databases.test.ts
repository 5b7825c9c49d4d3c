// The request's two databases (src/pipeline/databases.ts): each connected on
// first use, one deadline for both, the timings the request log reports, and
// what an outage answers (response/dependency-errors.ts): 504 for the spent
// budget, 503 for an unreachable database, both with Retry-After.
import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { DatabaseTimeoutError, DatabaseUnavailableError } from '@adventive/worker-kit/db'
import { createLogger } from '@adventive/worker-kit/logger'
import { LegacyError } from '../../src/domain/legacy-error.ts'
import { openDatabases } from '../../src/pipeline/databases.ts'
import { newMetrics } from '../../src/platform/request-log.ts'
import { asLegacyError } from '../../src/response/dependency-errors.ts'
import { rejection } from './support/databases.ts'

const quiet = createLogger({}, () => undefined)

function session(budgetMs?: number, bindings = env) {
  const pending: Promise<unknown>[] = []
  const metrics = newMetrics()
  const db = openDatabases(bindings, (p) => void pending.push(p), quiet, metrics, budgetMs)
  return { db, metrics, pending }
}

describe('openDatabases', () => {
  it('connects each database on first use only and reports connects and query time', async () => {
    const { db, metrics, pending } = session()
    expect(metrics.dbConnects).toBe(0)
    await db.console.query('SELECT 1 AS one')
    await db.console.query('SELECT 2 AS two')
    expect(metrics.dbConnects).toBe(1)
    await db.aggregate.query('SELECT 3 AS three')
    expect(metrics.dbConnects).toBe(2)
    expect(metrics.connectMs).toBeGreaterThanOrEqual(0)
    expect(metrics.queryMs).toBeGreaterThanOrEqual(0)
    db.close()
    expect(pending).toHaveLength(2)
    await Promise.all(pending)
  })

  it('gives both databases one budget: time spent on one is gone for the other', async () => {
    const { db, pending } = session(1_000)
    expect(await db.console.query('SELECT SLEEP(0.6) AS s')).toEqual([{ s: '0' }])
    expect(await rejection(db.aggregate.query('SELECT SLEEP(0.6) AS s'))).toBeInstanceOf(DatabaseTimeoutError)
    db.close()
    await Promise.all(pending)
  })

  it('answers a query past the budget with 504 Upstream timeout and Retry-After', async () => {
    const { db, pending } = session(300)
    const err = await rejection(db.aggregate.query('SELECT SLEEP(12) AS s'))
    db.close()
    await Promise.all(pending)
    const { error, unexpected } = asLegacyError(err)
    expect([error.status, error.message, error.headers['Retry-After'], unexpected]).toEqual([
      504,
      'Upstream timeout',
      '30',
      false,
    ])
  })

  it('answers an unreachable database with 503 and Retry-After', async () => {
    const closed = { ...env.DB_AGGREGATE, host: '127.0.0.1', port: 1 } as Hyperdrive
    const { db } = session(5_000, { ...env, DB_AGGREGATE: closed })
    const err = await rejection(db.aggregate.query('SELECT 1'))
    expect(err).toBeInstanceOf(DatabaseUnavailableError)
    const { error } = asLegacyError(err)
    expect([error.status, error.message, error.headers['Retry-After']]).toEqual([
      503,
      'Service temporarily unavailable',
      '30',
    ])
  })
})

describe('asLegacyError', () => {
  it('keeps a legacy error as it is and turns anything unexpected into a 503, never a bare 500', () => {
    const legacy = new LegacyError(404, 'Advertiser not found')
    expect(asLegacyError(legacy)).toEqual({ error: legacy, unexpected: false })
    const bug = asLegacyError(new TypeError('undefined is not a function'))
    expect([bug.error.status, bug.error.message, bug.unexpected]).toEqual([
      503,
      'Service temporarily unavailable',
      true,
    ])
  })
})
