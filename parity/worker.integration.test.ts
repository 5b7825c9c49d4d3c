// The harness against the real local Worker (both Workers in one wrangler dev,
// MariaDB through Hyperdrive): slower (~15 s), needs the request pipeline.
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadFixtures } from './lib/fixtures.ts'
import { replayAll } from './lib/replay.ts'
import { openTarget, type OpenTarget } from './lib/targets.ts'
import { describeCase } from './lib/report.ts'

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url))
const HANDFUL = /^(credentialscheck-|unknown-path-|auth-|format-php-|method-post$)/

let worker: OpenTarget
beforeAll(async () => {
  worker = await openTarget('worker')
}, 90_000)
afterAll(async () => {
  await worker?.close()
})

describe('parity against the local Worker', () => {
  it('serves /__health with the test hooks enabled and DOCS_URL read from its config', () => {
    expect(worker.target).toMatchObject({ label: 'worker', testHooks: true, mode: 'exact' })
    expect(worker.target.docsUrl).toMatch(/\/docs$/)
  })

  it('replays the credentials, auth, unknown-path and 410 fixtures byte for byte', async () => {
    const { fixtures, problems } = loadFixtures(FIXTURES, (name) => HANDFUL.test(name))
    expect(problems).toEqual([])
    expect(fixtures.length).toBeGreaterThanOrEqual(20)
    const results = await replayAll(fixtures, worker.target)
    const failures = results.flatMap(describeCase)
    expect(failures).toEqual([])
  }, 60_000)
})
