// The database goes away — stopped before a request, stopped or killed while a
// body streams, slowed past the request's deadline — and the client sees a
// documented answer (503/504 with Retry-After in the legacy envelope, its
// hourly budget untouched) or a broken transfer: never a 401, a 500, a clean
// short body or a hang; and the stack serves again once the database is back.
// Against the real MariaDB, through the suite's own proxy and databases
// (scripts/faults/fault-stack.ts), so nothing else that runs alongside is touched.
//
// A case tagged (faults-N) pins a defect this suite found: it failed on the
// code before the fix (docs/reliability/faults.md says what, and the fix), and
// fails again if the defect comes back.
import { beforeAll, describe, expect, it } from 'vitest'
import { describeAnswer } from '../../scripts/faults/observations.ts'
import {
  credentialHeaders,
  envelope,
  freshCounter,
  get,
  readAcrossFault,
  type Answer,
  type StreamRead,
} from '../../scripts/faults/client.ts'
import { observe, useFaultStack } from './support/suite.ts'
import type { LogLine } from '../../scripts/faults/log-book.ts'
import { killConnection, lockTable, processesFrom, statementsOn } from '../../scripts/faults/server-watch.ts'

/** src/pipeline/databases.ts REQUEST_DB_BUDGET_MS: the longest a request may wait on the database. */
const BUDGET_MS = 15_000
/**
 * One month of account 1: one query window (the handlers read a month at a
 * time), megabytes with the suite's copied kpi rows.
 */
const ONE_WINDOW = '/dataconnector?from=2024-03-01&to=2024-03-31'
const PAUSE_AFTER_BYTES = 64 * 1024

const stack = useFaultStack({ suite: 'database' })

const api = (path: string, headers: Record<string, string>, limitMs?: number) =>
  get(stack().url, path, headers, limitMs)

/** The request's one `request` log line (written when its body is complete). */
const requestLine = (requestId: string) =>
  stack().logs.waitFor(
    (line) => line.event === 'request' && line.request_id === requestId,
    10_000,
    `"request" for ${requestId}`,
  )

/** The request's `response.stream_failed` line, or null if none came (the body ended as if whole). */
const streamFailure = (requestId: string) =>
  stack()
    .logs.waitFor(
      (line) => line.event === 'response.stream_failed' && line.request_id === requestId,
      5_000,
      'response.stream_failed',
    )
    .catch(() => null)

/** A streamed read in one line: how it ended, after how many bytes. */
const describeRead = (read: StreamRead) =>
  `${read.status}, body ${read.ending === 'broken' ? `broke off (${read.error})` : 'ended cleanly'} after ${read.bytes} bytes, ${Math.round(read.ms)} ms after the request`

/** Waits (bounded) until no statement runs on `database` any more. */
async function noStatementLeft(database: string, limitMs = 5_000): Promise<string[]> {
  const until = performance.now() + limitMs
  for (;;) {
    const running = await statementsOn(database)
    if (running.length === 0 || performance.now() > until) return running.map((p) => p.info ?? '')
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

/** Runs `work` with the database stopped (or accepting and never answering), and brings it back. */
async function withDatabase<T>(state: 'stopped' | 'hanging', work: () => Promise<T>): Promise<T> {
  await (state === 'stopped' ? stack().proxy.stop() : stack().proxy.hang())
  try {
    return await work()
  } finally {
    await stack().proxy.start()
  }
}

/** Demo credentials on a fresh counter with one request counted (199 left), verified by this isolate. */
async function warmedCredentials(): Promise<Record<string, string>> {
  const headers = { ...credentialHeaders(), ...freshCounter() }
  const warm = await api('/credentialscheck', headers)
  expect([warm.status, warm.headers.get('X-RateLimit-Remaining')]).toEqual([200, '199'])
  return headers
}

function expectOutage(answer: Answer, status: 503 | 504) {
  expect(answer.status).toBe(status)
  expect(answer.body).toBe(envelope(status === 503 ? 'Service temporarily unavailable' : 'Upstream timeout'))
  expect(answer.headers.get('Retry-After')).toBe('30')
  expect(answer.headers.get('Content-Type')).toBe('application/json; charset=utf-8')
}

describe('the database stopped before the request', () => {
  it('answers an uncached credential 503 with Retry-After (the helper cannot decide), never 401', async () => {
    const [known, unknown] = await withDatabase('stopped', async () => [
      await api('/credentialscheck', { ...credentialHeaders(), ...freshCounter() }),
      // An unknown key is no different: an outage must not look like bad credentials.
      await api('/credentialscheck', {
        ...credentialHeaders({ integrationKey: 'adv-int-nobody-0404', apiKey: 'ak_nobody_0000' }),
        'CF-Connecting-IP': '198.51.100.20',
      }),
    ])
    await observe(stack(), {
      fault: 'database stopped',
      request: 'GET /credentialscheck, a credential this isolate has not verified (and an unknown one)',
      expected: '503 Service temporarily unavailable + Retry-After: 30, never 401; not counted',
      saw: `${describeAnswer(known!)} | unknown key: ${describeAnswer(unknown!)}`,
      requestIds: [known!.requestId],
    })
    expectOutage(known!, 503)
    expectOutage(unknown!, 503)
    expect(known!.headers.get('X-RateLimit-Remaining')).toBeNull()
    expect(await requestLine(known!.requestId)).toMatchObject({
      status: 503,
      outcome: 'error',
      auth_source: 'none',
      ratelimit_source: 'none',
    })
    expect(stack().logs.events('auth.helper.undecided', known!.requestId)).toHaveLength(1)
  })

  it('serves a cached credential without the database and answers its DB-backed request 503, uncounted', async () => {
    const headers = await warmedCredentials()
    const [check, outage] = await withDatabase('stopped', async () => [
      // Authentication comes from the isolate's cache; only the query needs the database.
      await api('/credentialscheck', headers),
      await api('/advertisers', headers),
    ])
    const after = await api('/advertisers', headers)
    await observe(stack(), {
      fault: 'database stopped',
      request:
        'a credential this isolate verified: GET /credentialscheck, then GET /advertisers; then the database is back',
      expected:
        'credentialscheck 200 from the cached verdict; advertisers 503 + Retry-After: 30; the 503 given back to the hourly count',
      saw: `${describeAnswer(check!)} | ${describeAnswer(outage!)} | after: ${describeAnswer({ ...after, body: `${after.body.length} bytes` })}`,
      requestIds: [check!.requestId, outage!.requestId],
    })
    expect([check!.status, check!.body]).toEqual([200, '{"status":true}'])
    expectOutage(outage!, 503)
    expect(await requestLine(outage!.requestId)).toMatchObject({
      status: 503,
      endpoint: 'advertisers',
      auth_source: 'isolate',
      ratelimit_source: 'do',
    })
    expect(stack().logs.events('db.connect.failed', outage!.requestId)).toHaveLength(1)
    expect(stack().logs.events('request.unhandled', outage!.requestId)).toHaveLength(0)
    // Back up: 200 again, and the 503 was given back (two requests counted before this one: 197 left).
    expect([after.status, after.headers.get('X-RateLimit-Remaining')]).toEqual([200, '197'])
  })

  it('answers 503 when the database accepts connections but never answers (connect bounded, one retry)', async () => {
    const headers = await warmedCredentials()
    const outage = await withDatabase('hanging', () => api('/advertisers', headers, BUDGET_MS + 10_000))
    await observe(stack(), {
      fault: 'database accepts connections, never answers',
      request: 'GET /advertisers (verified credential)',
      expected:
        '503 + Retry-After: 30 once connect (5 s) and its one retry have failed, within the 15 s budget',
      saw: describeAnswer(outage),
      requestIds: [outage.requestId],
    })
    expectOutage(outage, 503)
    expect(stack().logs.events('db.connect.retry', outage.requestId)).toHaveLength(1)
    expect(stack().logs.events('db.connect.failed', outage.requestId)).toHaveLength(1)
    expect((await api('/advertisers', headers)).status).toBe(200)
  })

  // faults-3: the 503 was given back to the counter, but its own X-RateLimit-Remaining still
  // counted it (fixed in src/pipeline/serve-legacy.ts: the error answer carries the refunded state).
  it('reports the refunded X-RateLimit-Remaining on the 503 of a counted request (faults-3)', async () => {
    const headers = await warmedCredentials()
    const outage = await withDatabase('stopped', () => api('/advertisers', headers))
    await observe(stack(), {
      fault: 'database stopped',
      request: 'GET /advertisers, second request of a fresh counter (199 left after the first)',
      expected: '503 whose X-RateLimit-Remaining is the refunded count (199): the request is given back',
      saw: describeAnswer(outage),
      requestIds: [outage.requestId],
    })
    expectOutage(outage, 503)
    expect(outage.headers.get('X-RateLimit-Remaining')).toBe('199')
  })
})

describe('the database lost while a body streams', () => {
  /** The month's body as the healthy stack sends it: what a clean ending must equal. */
  let whole: string

  beforeAll(async () => {
    const healthy = await api(ONE_WINDOW, { ...credentialHeaders(), ...freshCounter() })
    expect(healthy.status).toBe(200)
    whole = healthy.body
  })

  // faults-1: a connection lost mid-query was never reported to the stream (mysql2 tells an
  // event-style query only through the connection's 'error' event, which worker-kit swallowed):
  // the body stalled until the deadline, then ended cleanly, SHORT (faults-2). Fixed in
  // packages/worker-kit/src/db/client.ts: a stream listens to its connection's 'error' while its
  // query runs, and an idle connection that was lost is not reused.
  it('breaks the transfer at once when the database stops mid-body (faults-1)', async () => {
    // The server's rows reach the Worker slowly, so most of the month is still to come when it stops.
    stack().proxy.throttle(256 * 1024)
    let read: StreamRead
    try {
      read = await readAcrossFault(
        stack().url,
        ONE_WINDOW,
        { ...credentialHeaders(), ...freshCounter() },
        PAUSE_AFTER_BYTES,
        () => stack().proxy.stop(),
        BUDGET_MS + 15_000,
      )
    } finally {
      stack().proxy.throttle(null)
      await stack().proxy.start()
    }
    const failure = await streamFailure(read.requestId)
    await observe(stack(), {
      fault: 'database stopped mid-body',
      request: `GET ${ONE_WINDOW} (one query, ${whole.length} bytes), stopped after ${PAUSE_AFTER_BYTES} bytes`,
      expected:
        'status 200 already sent; the body breaks off (the read rejects) as soon as the connection is lost',
      saw: describeRead(read),
      requestIds: [read.requestId],
    })
    expect(read).toMatchObject({ status: 200, faulted: true })
    expect(read.bytes).toBeLessThan(whole.length)
    expect.soft(read.ending, 'a body cut short must not end cleanly').toBe('broken')
    // Noticed as the lost connection it is, not as a deadline that passed 15 s later.
    expect.soft(failure).toMatchObject({ level: 'error', message: /lost/ })
    // The request line counts it as an error, though its status was 200 (error-rate alerts see it).
    expect(await requestLine(read.requestId)).toMatchObject({ status: 200, outcome: 'error', body: 'broken' })
    // Recovered: the next request streams the whole month.
    const again = await api(ONE_WINDOW, { ...credentialHeaders(), ...freshCounter() })
    expect([again.status, again.body === whole]).toEqual([200, true])
  })

  it('breaks the transfer at once when an administrator kills the connection mid-query, KILL <id> (faults-1)', async () => {
    // A kill only cuts the body if it lands while the server still sends the result (it may have
    // sent it all into the socket buffers already: then the body is whole, and must be). So: a few
    // attempts, each must end broken or whole, until one has hit a running query.
    const attempts: { killed: string; ending: string; bytes: number; ms: number }[] = []
    let lastRequest = ''
    let failure: LogLine | null = null
    let short = false
    for (let attempt = 0; attempt < 5; attempt++) {
      let killed = ''
      const read = await readAcrossFault(
        stack().url,
        ONE_WINDOW,
        { ...credentialHeaders(), ...freshCounter() },
        1,
        async () => {
          const reading = (await processesFrom(stack().proxy.upstreamPorts())).filter(
            (p) => p.db === stack().databases.aggregate,
          )
          killed = reading.map((p) => `${p.command} ${p.state ?? ''}`).join('; ')
          for (const p of reading) await killConnection(p.id)
        },
        BUDGET_MS + 15_000,
      )
      attempts.push({ killed, ending: read.ending, bytes: read.bytes, ms: Math.round(read.ms) })
      lastRequest = read.requestId
      expect(read).toMatchObject({ status: 200, faulted: true })
      if (read.ending === 'clean') {
        if (read.body.toString('utf8') !== whole) {
          short = true
          break
        }
        continue
      }
      failure = await streamFailure(read.requestId)
      break
    }
    await observe(stack(), {
      fault: 'connection killed mid-query (KILL <id> from an admin connection)',
      request: `GET ${ONE_WINDOW} (${whole.length} bytes), killed after the first bytes; up to 5 attempts until one hits a running query`,
      expected:
        'the body breaks off at once if the query was still sending; whole (byte-identical) if it had finished',
      saw: attempts
        .map(
          (a) => `[server: ${a.killed || 'no connection'}] ${a.ending} after ${a.bytes} bytes in ${a.ms} ms`,
        )
        .join(' | '),
      requestIds: lastRequest ? [lastRequest] : [],
    })
    expect(short, `never a clean short body: ${JSON.stringify(attempts)}`).toBe(false)
    expect(attempts.at(-1)!.ending, JSON.stringify(attempts)).toBe('broken')
    expect(failure).toMatchObject({ level: 'error', message: /lost/ })
    // Nothing of the request is left on the server.
    expect(await processesFrom(stack().proxy.upstreamPorts())).toEqual([])
    expect(await noStatementLeft(stack().databases.aggregate)).toEqual([])
  })
})

describe('a database slower than the request deadline', () => {
  // faults-2: a stream still waiting for rows at the deadline ended as NO rows (200 `[]`, a clean
  // short body, or 401/404 where a handler reads meaning into no rows) instead of 504: the
  // deadline's onExpire called cancel(), which woke the very wait the deadline raced against
  // before the deadline rejected. Fixed in packages/worker-kit/src/db/client.ts next(): the
  // timeout is recorded as the stream's error before cancel().
  it('answers 504 Upstream timeout at the deadline, uncounted, and the server stops the statement (faults-2)', async () => {
    const headers = await warmedCredentials()
    // Readers of daily_kpi wait for the metadata lock while it is held (FLUSH TABLES WITH READ
    // LOCK would not block them; LOCK TABLES … WRITE does).
    const lock = await lockTable(stack().databases.aggregate, 'daily_kpi')
    let answer: Answer
    let leftRunning: string[]
    try {
      answer = await api('/analytics?from=2024-03-01&to=2024-03-31', headers, BUDGET_MS + 10_000)
      // Stopped by the server's statement limit, not left waiting on the lock once the request gave up.
      leftRunning = await noStatementLeft(stack().databases.aggregate)
    } finally {
      await lock.release()
    }
    await observe(stack(), {
      fault: 'database slow: LOCK TABLES daily_kpi WRITE held past the deadline',
      request: 'GET /analytics?from=2024-03-01&to=2024-03-31 (verified credential)',
      expected:
        '504 Upstream timeout + Retry-After: 30 at the 15 s budget; the statement stopped on the server; not counted',
      saw: `${describeAnswer(answer)}; statements left on the server: ${leftRunning.length}`,
      requestIds: [answer.requestId],
    })
    expect(leftRunning).toEqual([])
    expect(stack().logs.events('db.query.timeout', answer.requestId)).not.toHaveLength(0)
    expect.soft(answer.status).toBe(504)
    expect.soft(answer.body).toBe(envelope('Upstream timeout'))
    expect.soft(answer.headers.get('Retry-After')).toBe('30')
    expect.soft(await requestLine(answer.requestId)).toMatchObject({ status: 504, outcome: 'error' })
    // Given back: the next request is the second counted one.
    const after = await api('/credentialscheck', headers)
    expect(after.headers.get('X-RateLimit-Remaining')).toBe('198')
  })
  it('never answers a timed-out query as bad credentials or a missing advertiser: 504, not 401/404 (faults-2)', async () => {
    const headers = await warmedCredentials()
    // /advertisers decides "account closed" (401) and /campaigns "not your advertiser" (404) from
    // their query's first rows: a query that times out must not look like no rows.
    const lock = await lockTable(stack().databases.console, 'advertisers')
    let answers: Answer[]
    try {
      answers = await Promise.all([
        api('/advertisers', headers, BUDGET_MS + 10_000),
        api('/campaigns?advertiser_id=1', headers, BUDGET_MS + 10_000),
      ])
    } finally {
      await lock.release()
    }
    await observe(stack(), {
      fault: 'database slow: LOCK TABLES advertisers WRITE held past the deadline',
      request: 'GET /advertisers and GET /campaigns?advertiser_id=1 at once (verified credential)',
      expected:
        '504 Upstream timeout + Retry-After: 30 for both, never 401 Invalid credentials or 404 Advertiser not found',
      saw: answers.map((a) => describeAnswer(a)).join(' | '),
      requestIds: answers.map((a) => a.requestId),
    })
    for (const answer of answers) {
      expect.soft(answer.status).toBe(504)
      expect.soft(answer.body).toBe(envelope('Upstream timeout'))
    }
  })
})
