// One wall-clock budget per request for everything that waits on the
// database (connect, each query, each wait for streamed rows), and a statement
// that outlives it stops on the server too, not only in the Worker.
import { env } from 'cloudflare:test'
import { afterEach, describe, expect, it } from 'vitest'
import { DatabaseTimeoutError } from '@adventive/worker-kit/db'
import { startDeadline } from '@adventive/worker-kit/deadline'
import { asAdmin, clientOf, eventually, rejection, type ClientHarness } from '../support/databases.ts'

const open: ClientHarness[] = []
const harness = (budgetMs: number) => {
  const h = clientOf(env.DB_AGGREGATE, { budgetMs })
  open.push(h)
  return h
}
afterEach(async () => {
  for (const h of open.splice(0)) {
    h.client.close()
    await Promise.all(h.pending)
  }
})

/** Statements of the read-only user still running on the server whose text holds `marker`. */
async function running(marker: string): Promise<number> {
  const rows = await asAdmin(
    "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE USER = 'api_ro' AND INFO LIKE ?",
    [`%${marker}%`],
  )
  return Number(rows[0]!.n)
}

describe('the request deadline', () => {
  it('is one budget across connect and several queries: the third 0.4 s query of a 1 s budget times out', async () => {
    const { client } = harness(1_000)
    expect(await client.query('SELECT SLEEP(0.4) AS s')).toEqual([{ s: '0' }])
    expect(await client.query('SELECT SLEEP(0.4) AS s')).toEqual([{ s: '0' }])
    expect(await rejection(client.query('SELECT SLEEP(0.4) AS s'))).toBeInstanceOf(DatabaseTimeoutError)
  })

  it('stops a timed-out statement on the server too', async () => {
    const marker = `deadline_${crypto.randomUUID().replaceAll('-', '')}`
    const { client, lines } = harness(300)
    const err = await rejection(client.query(`SELECT SLEEP(5) AS ${marker}`))
    expect(err).toBeInstanceOf(DatabaseTimeoutError)
    expect(lines.map((l) => l.event)).toContain('db.query.timeout')
    expect(await eventually(async () => (await running(marker)) === 0, 1_000)).toBe(true)
  })

  it('times out a stream whose first rows do not come within the budget, and stops it on the server', async () => {
    const marker = `stream_${crypto.randomUUID().replaceAll('-', '')}`
    const { client } = harness(300)
    expect(await rejection(client.stream(`SELECT SLEEP(5) AS ${marker}`).next())).toBeInstanceOf(
      DatabaseTimeoutError,
    )
    expect(await eventually(async () => (await running(marker)) === 0, 1_000)).toBe(true)
  })

  it('refuses any work once the budget is spent, without touching the server', async () => {
    const { client, connects } = harness(200)
    await rejection(client.query('SELECT SLEEP(1) AS s'))
    const connected = connects.length
    expect(await rejection(client.query('SELECT 1 AS ok'))).toBeInstanceOf(DatabaseTimeoutError)
    expect(connects).toHaveLength(connected)
  })
})

describe('startDeadline', () => {
  it('counts down from its budget on the clock it is given', () => {
    let now = 1_000
    const deadline = startDeadline(500, () => now)
    expect(deadline.remainingMs()).toBe(500)
    now += 200
    expect(deadline.remainingMs()).toBe(300)
    now += 400
    expect(deadline.remainingMs()).toBe(0)
  })

  it('rejects work that starts after the budget at once, with the caller’s error', async () => {
    const deadline = startDeadline(0)
    const err = await rejection(deadline.race(Promise.resolve(1), () => new DatabaseTimeoutError('late')))
    expect(err).toBeInstanceOf(DatabaseTimeoutError)
  })

  it('lets work that settles in time through', async () => {
    expect(await startDeadline(1_000).race(Promise.resolve('ok'), () => new Error('late'))).toBe('ok')
  })
})
