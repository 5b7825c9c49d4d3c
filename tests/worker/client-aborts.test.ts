// A client that walks away from a long streamed body frees the database
// connections of its request at once: the response stream's cancel reaches
// the lazy lists, their row streams drop their connections, and the server
// closes them (watched in its process list, as the admin, by the connections
// of a user only this file uses).
import { describe, expect, it } from 'vitest'
import { sleep } from '@adventive/worker-kit/deadline'
import { credentialHeaders, MAIN } from '../../scripts/db/demo-credentials.ts'
import { WATCHED_USER } from '../support/db/large-dataset-names.ts'
import { asAdmin, eventually } from './support/databases.ts'
import { watchedLargeDatabases } from './support/large-data.ts'
import { ownWorker } from './support/requests.ts'

/** Ids of the watched user's connections on the server. */
async function watchedConnections(): Promise<Set<string>> {
  const rows = await asAdmin(
    'SELECT CAST(ID AS CHAR) AS id FROM information_schema.PROCESSLIST WHERE USER = ?',
    [WATCHED_USER],
  )
  return new Set(rows.map((r) => r.id!))
}

/** How many watched connections were opened since `before` (a test's own, whatever an earlier test left). */
async function openedSince(before: Set<string>): Promise<number> {
  return [...(await watchedConnections())].filter((id) => !before.has(id)).length
}

describe('a client that cancels a long streamed body', () => {
  it.each([
    [
      'the one stream of /v2.0/dataconnector (kpi joined with video)',
      '/v2.0/dataconnector?from=2024-01-01&to=2024-03-31',
      1,
    ],
    ['the one stream of /analytics (xml)', '/analytics?from=2024-01-01&to=2024-03-31&format=xml', 1],
    ['the one stream of /clickthroughs (csv)', '/clickthroughs?from=2024-01-01&to=2024-03-31&format=csv', 1],
  ])('frees %s within a second', async (_what, path, streams) => {
    const before = await watchedConnections()
    const worker = ownWorker(watchedLargeDatabases())
    const res = await worker.fetch(path, credentialHeaders(MAIN))
    expect(res.status).toBe(200)
    const reader = res.body!.getReader()
    expect((await reader.read()).done).toBe(false)

    // While the client holds the body unread, the request keeps its connections.
    await sleep(200)
    expect(await openedSince(before)).toBe(streams)

    await reader.cancel()
    expect(await eventually(async () => (await openedSince(before)) === 0, 1_000)).toBe(true)
    await worker.settle()
  })
})

describe('a client that reads a long streamed body to its end', () => {
  it('leaves no connection of its request open afterwards', async () => {
    const before = await watchedConnections()
    const worker = ownWorker(watchedLargeDatabases())
    const res = await worker.fetch(
      '/v2.0/dataconnector?from=2024-01-01&to=2024-03-31&format=csv',
      credentialHeaders(MAIN),
    )
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1_000_000)
    await worker.settle()
    expect(await eventually(async () => (await openedSince(before)) === 0, 1_000)).toBe(true)
  })
})
