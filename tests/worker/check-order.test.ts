// The pipeline runs its checks in CHECK_ORDER (src/pipeline/serve-legacy.ts),
// the order the published spec gives (info.x-check-order of the document the
// Worker serves; its prose: tests/node/check-order.test.ts): a request that
// fails two checks at once gets the answer of the one earlier in that order,
// for every pair. Each check has a way to fail it; the ways combine into one
// request. Through the app of the test entry in workerd, with the real auth
// helper, rate limiter and MariaDB.
import { exports } from 'cloudflare:workers'
import { load } from 'js-yaml'
import { describe, expect, it } from 'vitest'
import { CHECK_ORDER, type CheckName } from '../../src/pipeline/serve-legacy.ts'
import { MAIN, RPH3, type Credential } from '../../scripts/db/demo-credentials.ts'
import { ownWorker } from './support/requests.ts'

/** A request to build: a valid one until checks are made to fail. */
interface Draft {
  path: string
  query: Record<string, string>
  credential: Credential
  wrongApiKey: boolean
  /** Requests spent with the credential in the same hour before this one. */
  spentBefore: number
}

const valid = (): Draft => ({
  path: '/analytics',
  query: { advertiser_id: '14', from: '2024-03-01', to: '2024-03-03' },
  credential: MAIN,
  wrongApiKey: false,
  spentBefore: 0,
})

/** How to make a request fail each check, and what that check answers. */
const FAIL: Record<CheckName, { make(draft: Draft): void; status: number; error: string }> = {
  route: { make: (d) => void (d.path = '/v3.0/analytics'), status: 404, error: 'Unknown method' },
  credentials: { make: (d) => void (d.wrongApiKey = true), status: 401, error: 'Invalid credentials' },
  'hourly-limit': {
    make: (d) => {
      d.credential = RPH3
      d.spentBefore = 3
    },
    status: 429,
    error: 'Rate limit exceeded: 3 requests per hour',
  },
  'retired-format': {
    make: (d) => void (d.query.format = 'php'),
    status: 410,
    error: 'Format no longer supported',
  },
  parameters: { make: (d) => void (d.query.from = '2024-02-30'), status: 400, error: 'Invalid from date' },
  // Advertiser 21 belongs to account 2.
  ownership: { make: (d) => void (d.query.advertiser_id = '21'), status: 404, error: 'Advertiser not found' },
}

/** The answer to a request that fails `checks` (status and the error message of its JSON body). */
async function answerFailing(...checks: CheckName[]): Promise<{ status: number; error: unknown }> {
  const draft = valid()
  for (const check of checks) FAIL[check].make(draft)
  const worker = ownWorker()
  const namespace = crypto.randomUUID()
  const headers = (apiKey: string) => ({
    'X-Integration-Key': draft.credential.integrationKey,
    'X-Api-Key': apiKey,
    'X-Test-Rate-Namespace': namespace,
  })
  for (let i = 0; i < draft.spentBefore; i++) {
    const spent = await worker.fetch('/credentialscheck', headers(draft.credential.apiKey))
    expect(spent.status).toBe(200)
    await spent.arrayBuffer()
  }
  const apiKey = draft.wrongApiKey ? `${draft.credential.apiKey.slice(0, -4)}0000` : draft.credential.apiKey
  const res = await worker.fetch(`${draft.path}?${new URLSearchParams(draft.query)}`, headers(apiKey))
  const body = (await res.json()) as { error?: unknown }
  return { status: res.status, error: body.error }
}

const NAMES = CHECK_ORDER.map((c) => c.check)
const pairs = NAMES.flatMap((earlier, i) => NAMES.slice(i + 1).map((later) => [earlier, later] as const))

describe('the order of the checks', () => {
  it('is the order the served spec publishes (info.x-check-order of /openapi.yaml)', async () => {
    const res = await exports.default.fetch('http://api.test/openapi.yaml')
    const spec = load(await res.text()) as { info: Record<string, unknown> }
    expect(spec.info['x-check-order']).toEqual(CHECK_ORDER)
  })

  it('knows how to fail every check, with the status CHECK_ORDER gives it', () => {
    expect(CHECK_ORDER.map((c) => c.status)).toEqual(NAMES.map((n) => FAIL[n].status))
  })

  it('lets a valid request through to the data', async () => {
    expect((await answerFailing()).status).toBe(200)
  })

  it.each(NAMES)('answers a request failing only %s with that check’s answer', async (check) => {
    expect(await answerFailing(check)).toEqual({ status: FAIL[check].status, error: FAIL[check].error })
  })

  it.each(pairs)(
    'answers a request failing both %s and %s with the first one’s answer',
    async (earlier, later) => {
      expect(await answerFailing(earlier, later)).toEqual({
        status: FAIL[earlier].status,
        error: FAIL[earlier].error,
      })
    },
  )

  it('answers a request failing every check with the first one’s answer', async () => {
    expect(await answerFailing(...NAMES)).toEqual({ status: 404, error: 'Unknown method' })
  })
})
