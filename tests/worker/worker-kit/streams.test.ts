// Streamed results in workerd: rows arrive in batches, the socket is paused
// while the reader lags two batches behind and resumed when it catches up,
// every row arrives once and in order; cancel() drops the connection, and
// two streams read side by side use two connections.
import { env } from 'cloudflare:test'
import { afterEach, describe, expect, it } from 'vitest'
import type { RowBatches, RowValues } from '@adventive/worker-kit/db'
import { WorkersSocketStream } from '@adventive/worker-kit/db/workers-socket'
import { sleep } from '@adventive/worker-kit/deadline'
import {
  asAdmin,
  clientOf,
  eventually,
  readOnlyConnections,
  type ClientHarness,
} from '../support/databases.ts'
import { largeDatabases } from '../support/large-data.ts'

const open: ClientHarness[] = []
afterEach(async () => {
  for (const h of open.splice(0)) {
    h.client.close()
    await Promise.all(h.pending)
  }
})

/** The runtime socket, counting the driver's pause() and resume() calls. */
function countingSocket() {
  const counts = { pause: 0, resume: 0 }
  const factory = (host: string, port: number) => {
    const socket = new WorkersSocketStream(host, port)
    const pause = socket.pause.bind(socket)
    const resume = socket.resume.bind(socket)
    socket.pause = () => {
      counts.pause++
      return pause()
    }
    socket.resume = () => {
      counts.resume++
      return resume()
    }
    return socket
  }
  return { factory, counts }
}

const harness = (options: Parameters<typeof clientOf>[1] = {}) => {
  const h = clientOf(env.DB_AGGREGATE, options)
  open.push(h)
  return h
}

const ALL_KPI =
  'SELECT stat_date, campaign_id, placement_id, impressions FROM daily_kpi ORDER BY stat_date, campaign_id, placement_id'

/** Every batch of a stream, waiting `lagMs` after each as a slow reader would. */
async function drain(rows: RowBatches, lagMs = 0): Promise<RowValues[][]> {
  const batches: RowValues[][] = []
  for (let batch = await rows.next(); batch !== null; batch = await rows.next()) {
    batches.push(batch)
    if (lagMs > 0) await sleep(lagMs)
  }
  return batches
}

const connectionIdSql = (n: number) =>
  `SELECT CONNECTION_ID() AS id, stat_date, campaign_id FROM daily_kpi ORDER BY stat_date, campaign_id, placement_id LIMIT ${n}`

describe('a streamed result', () => {
  it('arrives in batches of the asked size, every row once and in order', async () => {
    const { client } = harness()
    const whole = (await client.query(ALL_KPI)).map((row) => Object.values(row))
    expect(whole.length).toBeGreaterThan(1_000)
    const batches = await drain(client.stream(ALL_KPI, [], 100))
    expect(batches.slice(0, -1).every((b) => b.length >= 100)).toBe(true)
    expect(batches.flat()).toEqual(whole)
  })

  it('pauses the socket while the reader is two batches behind, resumes it, and loses nothing', async () => {
    const socket = countingSocket()
    const { client } = harness({ socket: socket.factory })
    const whole = (await client.query(ALL_KPI)).map((row) => Object.values(row))
    const rows = client.stream(ALL_KPI, [], 64)
    // Let the server send far more than two batches before the first read.
    await sleep(200)
    const batches = await drain(rows, 5)
    expect(socket.counts.pause).toBeGreaterThan(0)
    expect(socket.counts.resume).toBeGreaterThan(0)
    expect(batches.flat()).toEqual(whole)
  })

  it('answers an empty result as null at once', async () => {
    const { client } = harness()
    expect(await client.stream("SELECT * FROM daily_kpi WHERE stat_date = '1999-01-01'").next()).toBeNull()
  })

  it('drops its connection when cancelled half-read, and answers null from then on', async () => {
    const { client } = harness()
    const rows = client.stream(connectionIdSql(5_000), [], 50)
    const first = await rows.next()
    const id = first![0]![0]!
    expect((await readOnlyConnections()).map((c) => c.id)).toContain(id)
    rows.cancel()
    expect(await rows.next()).toBeNull()
    expect(await eventually(async () => !(await readOnlyConnections()).some((c) => c.id === id))).toBe(true)
  })

  it('reads two results side by side on two connections, and reuses one that is free again', async () => {
    const h = harness()
    const a = h.client.stream(connectionIdSql(600), [], 50)
    const b = h.client.stream(connectionIdSql(600), [], 50)
    const [firstA, firstB] = await Promise.all([a.next(), b.next()])
    expect(firstA![0]![0]).not.toBe(firstB![0]![0])
    expect(h.connects).toHaveLength(2)
    const [restA, restB] = await Promise.all([drain(a), drain(b)])
    expect(restA.flat().length + firstA!.length).toBe(600)
    expect(restB.flat().length + firstB!.length).toBe(600)
    const [again] = await h.client.query('SELECT CONNECTION_ID() AS id')
    expect([firstA![0]![0], firstB![0]![0]]).toContain(again!.id)
    expect(h.connects).toHaveLength(2)
  })

  it('drops its connection when cancelled while the server is blocked sending a large result', async () => {
    const h = clientOf(largeDatabases().DB_AGGREGATE)
    open.push(h)
    const rows = h.client.stream(
      'SELECT CONNECTION_ID() AS id, c.* FROM daily_clicks c ORDER BY c.id',
      [],
      256,
    )
    const id = (await rows.next())![0]![0]!
    // The reader is behind: the server has filled the socket and waits to write more.
    expect(
      await eventually(async () => {
        const [row] = await asAdmin(
          'SELECT STATE AS state FROM information_schema.PROCESSLIST WHERE ID = ?',
          [id],
        )
        return row?.state === 'Writing to net'
      }),
    ).toBe(true)
    rows.cancel()
    expect(await eventually(async () => !(await readOnlyConnections()).some((c) => c.id === id))).toBe(true)
  })

  it('destroys a half-read stream’s connection on close() instead of waiting behind its rows', async () => {
    const { client, pending } = harness()
    const rows = client.stream(connectionIdSql(5_000), [], 50)
    const id = (await rows.next())![0]![0]!
    client.close()
    await Promise.all(pending)
    expect(await eventually(async () => !(await readOnlyConnections()).some((c) => c.id === id))).toBe(true)
  })

  it('closes idle connections after the response through waitUntil, and only the ones it opened', async () => {
    const { client, pending, connects } = harness()
    expect(connects).toHaveLength(0)
    const [row] = await client.query('SELECT CONNECTION_ID() AS id')
    expect(connects).toHaveLength(1)
    expect(pending).toHaveLength(0)
    client.close()
    expect(pending).toHaveLength(1)
    await Promise.all(pending)
    expect(await eventually(async () => !(await readOnlyConnections()).some((c) => c.id === row!.id))).toBe(
      true,
    )
  })
})
