import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import {
  isTransientConnectionError,
  openDatabases,
  openSqlClient,
  type MysqlTarget,
} from '../../src/lib/db.ts'
import { HttpError } from '../../src/lib/errors.ts'
import { createLogger } from '../../src/lib/logger.ts'

/** An ExecutionContext stand-in that keeps what was handed to waitUntil. */
function recordingContext() {
  const pending: Promise<unknown>[] = []
  const ctx = {
    waitUntil: (p: Promise<unknown>) => void pending.push(p),
    passThroughOnException: () => undefined,
    props: {},
  } as unknown as ExecutionContext
  return { ctx, pending }
}

function recordingLogger() {
  const lines: Record<string, unknown>[] = []
  return { log: createLogger({}, (line) => void lines.push(JSON.parse(line))), lines }
}

const closedPort: MysqlTarget = {
  host: '127.0.0.1',
  port: 1,
  user: 'api_ro',
  password: 'x',
  database: 'console',
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p
  } catch (err) {
    return err
  }
  throw new Error('expected a rejection')
}

describe('openDatabases', () => {
  it('returns every value as the string mysqli gave PHP, and NULL as null', async () => {
    const { ctx } = recordingContext()
    const db = openDatabases(env, ctx)
    const rows = await db.console.query(
      "SELECT 7 AS n, CAST(1.50 AS DECIMAL(10,2)) AS d, CAST('2024-03-15' AS DATE) AS day, " +
        "CAST('2024-03-15 14:05:00' AS DATETIME) AS at, NULL AS nothing, 18446744073709551615 AS big, " +
        'SUM(9007199254740993) AS total',
    )
    db.close()
    expect(rows).toEqual([
      {
        n: '7',
        d: '1.50',
        day: '2024-03-15',
        at: '2024-03-15 14:05:00',
        nothing: null,
        big: '18446744073709551615',
        total: '9007199254740993',
      },
    ])
  })

  it('escapes parameters client-side', async () => {
    const { ctx } = recordingContext()
    const db = openDatabases(env, ctx)
    const rows = await db.aggregate.query('SELECT ? AS s, ? AS n', ['O\'Brien \\ "x"', 42])
    db.close()
    expect(rows).toEqual([{ s: 'O\'Brien \\ "x"', n: '42' }])
  })

  it('connects only on the first query and closes the connection via waitUntil after the response', async () => {
    const { ctx, pending } = recordingContext()
    const durations: number[] = []
    const db = openDatabases(env, ctx, (ms) => durations.push(ms))
    expect(pending).toHaveLength(0)

    const [row] = await db.console.query('SELECT CONNECTION_ID() AS id')
    const id = row!.id
    expect(pending).toHaveLength(0)
    expect(durations).toHaveLength(1)

    db.close()
    expect(pending).toHaveLength(1) // console only: aggregate was never opened
    await Promise.all(pending)

    const observer = openDatabases(env, recordingContext().ctx)
    const alive = await observer.console.query(
      'SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE ID = ?',
      [id],
    )
    observer.close()
    expect(alive).toEqual([{ n: '0' }])
  })

  it('streams rows one by one', async () => {
    const { ctx } = recordingContext()
    const db = openDatabases(env, ctx)
    const seen: string[] = []
    for await (const row of db.aggregate.stream('SELECT ? AS n UNION ALL SELECT 2 UNION ALL SELECT 3', [1])) {
      seen.push(row.n!)
    }
    db.close()
    expect(seen).toEqual(['1', '2', '3'])
  })

  it('answers 504 Upstream timeout when a query exceeds its budget, and recovers with a new connection', async () => {
    const { ctx } = recordingContext()
    const db = openDatabases(env, ctx, undefined, { queryBudgetMs: 300 })
    const started = Date.now()
    const err = await rejection(db.aggregate.query('SELECT SLEEP(12) AS s'))
    expect(Date.now() - started).toBeLessThan(3_000)
    expect(err).toBeInstanceOf(HttpError)
    expect((err as HttpError).status).toBe(504)
    expect((err as HttpError).message).toBe('Upstream timeout')

    expect(await db.aggregate.query('SELECT 1 AS ok')).toEqual([{ ok: '1' }])
    db.close()
  })

  it('answers 504 when a stream yields no first row within the budget', async () => {
    const { ctx } = recordingContext()
    const db = openDatabases(env, ctx, undefined, { queryBudgetMs: 300 })
    const consume = async () => {
      for await (const _ of db.aggregate.stream('SELECT SLEEP(12) AS s')) void _
    }
    const err = await rejection(consume())
    db.close()
    expect((err as HttpError).status).toBe(504)
  })

  it('rethrows SQL errors without retrying, and the connection stays usable', async () => {
    const { ctx } = recordingContext()
    const { log, lines } = recordingLogger()
    const db = openDatabases(env, ctx, undefined, { log })
    const err = await rejection(db.console.query('SELECT * FROM no_such_table'))
    expect(err).not.toBeInstanceOf(HttpError)
    expect((err as { code?: string }).code).toBe('ER_NO_SUCH_TABLE')
    expect(lines.filter((l) => l.event === 'db.connect.retry')).toHaveLength(0)
    expect(await db.console.query('SELECT 2 AS ok')).toEqual([{ ok: '2' }])
    db.close()
  })
})

describe('connection failures', () => {
  it('retries a refused connection once, then answers 503 Service temporarily unavailable', async () => {
    const { ctx, pending } = recordingContext()
    const { log, lines } = recordingLogger()
    const client = openSqlClient(closedPort, ctx, { log, retryDelayMs: () => 10 })
    const err = await rejection(client.query('SELECT 1'))
    expect(err).toBeInstanceOf(HttpError)
    expect((err as HttpError).status).toBe(503)
    expect((err as HttpError).message).toBe('Service temporarily unavailable')
    expect(lines.map((l) => [l.event, l.attempt ?? null])).toEqual([
      ['db.connect.retry', null],
      ['db.connect.failed', 2],
    ])
    client.close()
    expect(pending).toHaveLength(0) // nothing was opened, nothing to close
  })

  it('does not retry a connection refused for bad credentials', async () => {
    const { ctx } = recordingContext()
    const { log, lines } = recordingLogger()
    const badPassword = {
      ...env.DB_CONSOLE,
      host: env.DB_CONSOLE.host,
      port: env.DB_CONSOLE.port,
      user: 'api_ro',
      password: 'wrong',
      database: 'console',
    }
    const client = openSqlClient(badPassword, ctx, { log, retryDelayMs: () => 10 })
    const err = await rejection(client.query('SELECT 1'))
    expect((err as HttpError).status).toBe(503)
    expect(lines.map((l) => l.event)).toEqual(['db.connect.failed'])
  })
})

describe('isTransientConnectionError', () => {
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
})

describe('closing a half-read stream', () => {
  it('destroys the connection instead of waiting behind the unread rows', async () => {
    const waits: Promise<unknown>[] = []
    const client = openSqlClient(env.DB_AGGREGATE, { waitUntil: (p) => waits.push(p) })
    const rows = client.stream('SELECT * FROM daily_kpi')[Symbol.asyncIterator]()
    expect((await rows.next()).done).toBe(false)
    client.close()
    const settled = await Promise.race([
      Promise.all(waits).then(() => 'closed'),
      new Promise((resolve) => setTimeout(() => resolve('hung'), 3000)),
    ])
    expect(settled).toBe('closed')
  })
})
