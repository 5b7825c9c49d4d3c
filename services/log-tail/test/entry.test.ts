// The Worker entry as workerd calls it: tail() hands the work to waitUntil and
// returns at once; that work settles even when New Relic is down.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { CLOSED_URL, FAKE_ACCOUNT_ID, startFakeNewRelic, type FakeNewRelic } from './fake-new-relic.ts'
import { parityMismatchLog, requestTrace } from './traces.ts'

let nr: FakeNewRelic
beforeEach(async () => {
  vi.resetModules() // a fresh isolate: the shipper is per module instance
  nr = await startFakeNewRelic()
})
afterEach(() => nr.close())

async function callTail(url: string, licenseKey: string | undefined, extra: Record<string, string> = {}) {
  const { default: worker } = await import('../src/index.ts')
  const pending: Promise<unknown>[] = []
  const ctx = { waitUntil: (p: Promise<unknown>) => pending.push(p), passThroughOnException: () => {} }
  const env = {
    ENVIRONMENT: 'test',
    COMMIT_SHA: 'abc123',
    NEW_RELIC_LOGS_URL: url,
    NEW_RELIC_LICENSE_KEY: licenseKey,
    CF_VERSION_METADATA: { id: 'tail-version-1' },
    ...extra,
  }
  await worker.tail([requestTrace({ logs: [parityMismatchLog(7)] })] as never, env, ctx as never)
  return pending
}

describe('tail() entry', () => {
  it('ships the events to New Relic through waitUntil with the environment as common attributes', async () => {
    const pending = await callTail(nr.url, 'license')
    expect(pending).toHaveLength(1)
    await Promise.all(pending)
    expect(nr.posts).toHaveLength(1)
    expect(nr.posts[0]!.common).toEqual({
      environment: 'test',
      'log_tail.commit': 'abc123',
      'log_tail.version': 'tail-version-1',
      plugin: 'adv-svc-public-api-tail',
    })
  })

  it('sends parity mismatches to the Event API of the configured account', async () => {
    const pending = await callTail(nr.url, 'license', {
      NEW_RELIC_EVENTS_URL: nr.eventsUrlTemplate,
      NEW_RELIC_ACCOUNT_ID: FAKE_ACCOUNT_ID,
    })
    await Promise.all(pending)
    expect(nr.eventPosts).toHaveLength(1)
    expect(nr.eventPosts[0]!.path).toBe(`/v1/accounts/${FAKE_ACCOUNT_ID}/events`)
    expect(nr.eventPosts[0]!.events[0]).toMatchObject({ eventType: 'ParityMismatch', environment: 'test' })
  })

  it('settles without throwing when New Relic refuses connections', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] })
    try {
      const pending = await callTail(CLOSED_URL, 'license')
      const settled = Promise.allSettled(pending)
      await vi.runAllTimersAsync()
      const [result] = await settled
      expect(result).toMatchObject({ status: 'fulfilled', value: { delivered: 0, pending: 2 } })
    } finally {
      vi.useRealTimers()
    }
  })
})
