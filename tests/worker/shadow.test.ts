// The dual-run shadow (issue 9): with SHADOW_SAMPLE_RATE = "1", every answer
// of an enabled handler is also fetched from SHADOW_ORIGIN after the response
// and compared; a difference is one `parity.mismatch` line (endpoint, format,
// version, the locators' field path, shape hashes). The client's answer is the
// Worker's own, and it does not wait for the shadow: the shadow origin here
// holds its answer until the test has read the whole response. The shadow
// origin is a stand-in replaying the recorded PHP answers
// (parity/test-support/recorded-origin.ts), one advertiser's name edited.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RecordedStep } from '../../parity/lib/recorded-steps.ts'
import {
  RecordedOrigin,
  withEditedText,
  type CannedAnswer,
} from '../../parity/test-support/recorded-origin.ts'
import { SHADOW_HEADER } from '../../src/shadow/shadow.ts'
import {
  captureLogEvents,
  controlledTimeouts,
  routeFetches,
  sendRecorded,
  type LogEvent,
} from './support/outbound.ts'
import { RECORDED_STEPS } from './support/recorded.ts'
import { ownWorker } from './support/requests.ts'

const stepOf = (fixture: string): RecordedStep => RECORDED_STEPS.find((s) => s.id === `${fixture}#0`)!

const SHADOW = 'http://shadow.test'
const SHADOWED = { SHADOW_ORIGIN: SHADOW, SHADOW_SAMPLE_RATE: '1' }
/** The one field the shadow answers differ in: advertiser 3's name. */
const EDIT = ['Smart', 'Clever'] as const

let shadow: RecordedOrigin
let events: LogEvent[]
beforeEach(() => {
  shadow = new RecordedOrigin(SHADOW)
  routeFetches(shadow)
  events = captureLogEvents()
})
afterEach(() => vi.restoreAllMocks())

async function answerOf(res: Response): Promise<CannedAnswer> {
  return {
    status: res.status,
    contentType: res.headers.get('Content-Type') ?? '',
    body: new Uint8Array(await res.arrayBuffer()),
  }
}

const parityEvents = () => events.filter((e) => e.event.startsWith('parity.'))

describe('a shadow origin that differs in one field', () => {
  it.each([
    ['advertisers-json', 'json', '1.0', '$[1].advertiser_name'],
    ['advertisers-v2-path-xml', 'xml', '2.0', '/xml/item[2]/advertiser_name'],
    ['advertisers-csv', 'csv', '1.0', 'row 3, column 2 (advertiser_name)'],
  ])(
    '%s: one parity.mismatch after the response, which neither waited for it nor changed',
    async (name, format, version, locator) => {
      const step = stepOf(name)
      shadow.answer(step, withEditedText(step, ...EDIT))
      const own = await answerOf(await sendRecorded(ownWorker(), step))
      expect(own).toEqual({ status: step.status, contentType: step.contentType, body: step.body })

      shadow.hold()
      const worker = ownWorker(SHADOWED)
      // The whole response is read while the shadow answer is held: had the
      // response waited for it, this would never complete.
      const client = await answerOf(await sendRecorded(worker, step))
      await shadow.received(1)
      expect(parityEvents()).toEqual([])

      shadow.release()
      await worker.settle()
      expect(client).toEqual(own)
      const mismatches = parityEvents()
      expect(mismatches).toEqual([
        expect.objectContaining({
          event: 'parity.mismatch',
          level: 'warn',
          endpoint: 'advertisers',
          format,
          version,
          locator,
          worker_status: 200,
          legacy_status: 200,
          shape_hash: expect.stringMatching(/^[0-9a-f]{16}$/),
        }),
      ])
      // Only a value differs, so both bodies have the same shape.
      expect(mismatches[0]!.legacy_shape_hash).toBe(mismatches[0]!.shape_hash)
    },
  )

  it('asks the shadow origin what the client asked, marked as shadow traffic', async () => {
    const step = stepOf('advertisers-v2-path-xml')
    shadow.answer(step)
    const worker = ownWorker(SHADOWED)
    await (await sendRecorded(worker, step)).arrayBuffer()
    await worker.settle()
    expect(shadow.calls).toHaveLength(1)
    const [call] = shadow.calls
    expect([call!.method, call!.target]).toEqual(['GET', '/v2.0/advertisers?format=xml'])
    expect(call!.headers.get('X-Api-Key')).toBe(step.request.headers['X-Api-Key'])
    expect(call!.headers.get('X-Integration-Key')).toBe(step.request.headers['X-Integration-Key'])
    expect(call!.headers.get(SHADOW_HEADER)).toBe('1')
  })
})

describe('no mismatch is logged', () => {
  it('when the shadow answer is byte-identical', async () => {
    const step = stepOf('advertisers-csv')
    shadow.answer(step)
    const worker = ownWorker(SHADOWED)
    await (await sendRecorded(worker, step)).arrayBuffer()
    await worker.settle()
    expect(shadow.calls).toHaveLength(1)
    expect(parityEvents()).toEqual([])
  })

  it('and the shadow origin is never asked, at sample rate 0 or without a shadow origin', async () => {
    const step = stepOf('advertisers-json')
    shadow.answer(step, withEditedText(step, ...EDIT))
    for (const bindings of [
      { SHADOW_ORIGIN: SHADOW, SHADOW_SAMPLE_RATE: '0' },
      { SHADOW_ORIGIN: '', SHADOW_SAMPLE_RATE: '1' },
    ]) {
      const worker = ownWorker(bindings)
      await (await sendRecorded(worker, step)).arrayBuffer()
      await worker.settle()
    }
    expect(shadow.calls).toEqual([])
    expect(parityEvents()).toEqual([])
  })

  it('and the shadow origin is never asked for an answer the Worker deviates on (410)', async () => {
    const worker = ownWorker(SHADOWED)
    const step = stepOf('advertisers-json')
    const res = await worker.fetch('/advertisers?format=php', step.request.headers)
    expect(res.status).toBe(410)
    await res.arrayBuffer()
    await worker.settle()
    expect(shadow.calls).toEqual([])
  })
})

describe('the bounds', () => {
  const step = stepOf('advertisers-json')
  const size = step.body.byteLength

  it('skips a Worker body over SHADOW_MAX_BYTES without asking the shadow origin', async () => {
    shadow.answer(step, withEditedText(step, ...EDIT))
    const worker = ownWorker({ ...SHADOWED, SHADOW_MAX_BYTES: String(size - 1) })
    expect((await answerOf(await sendRecorded(worker, step))).body.byteLength).toBe(size)
    await worker.settle()
    expect(shadow.calls).toEqual([])
    expect(parityEvents()).toEqual([
      expect.objectContaining({ event: 'parity.skipped', reason: 'worker body over the cap' }),
    ])
  })

  it('skips a shadow body over SHADOW_MAX_BYTES, however it differs', async () => {
    const longer = withEditedText(step, 'Smart', 'Smart'.repeat(20))
    shadow.answer(step, longer)
    const worker = ownWorker({ ...SHADOWED, SHADOW_MAX_BYTES: String(size) })
    await (await sendRecorded(worker, step)).arrayBuffer()
    await worker.settle()
    expect(shadow.calls).toHaveLength(1)
    expect(parityEvents()).toEqual([
      expect.objectContaining({ event: 'parity.skipped', reason: 'legacy body over the cap' }),
    ])
  })

  it('gives up on a shadow origin that has not answered within SHADOW_TIMEOUT_MS', async () => {
    const timeouts = controlledTimeouts()
    shadow.answer(step, withEditedText(step, ...EDIT))
    shadow.hold()
    const worker = ownWorker({ ...SHADOWED, SHADOW_TIMEOUT_MS: '250' })
    expect((await answerOf(await sendRecorded(worker, step))).status).toBe(200)
    await shadow.received(1)
    timeouts.fire()
    await worker.settle()
    expect(timeouts.requested).toEqual([250])
    expect(parityEvents()).toEqual([
      expect.objectContaining({ event: 'parity.shadow_failed', endpoint: 'advertisers', format: 'json' }),
    ])
  })
})
