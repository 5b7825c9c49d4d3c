// The recorded PHP answers a handler must reproduce: every fixture step that
// reached an endpoint and answered 200, with the handler parameters the
// pipeline derives from its request (defaults from the fixture's `now`).
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { ApiVersion, Endpoint, LegacyParams } from '../../../../src/handlers/types.ts'
import { isQueryArray, parsePhpQuery, type PhpQuery } from '../../../../src/lib/php-query.ts'
import { ENDPOINTS } from '../../../../src/lib/routing.ts'

const FIXTURES_DIR = fileURLToPath(new URL('../../../../parity/fixtures/', import.meta.url))

interface FixtureStep {
  request: { method: string; path: string; query: string; headers: Record<string, string> }
  response: { status: number; contentType: string; bodyBase64: string; bodyText: string }
}

interface Fixture {
  name: string
  now: string
  workerDeviation?: string
  steps: FixtureStep[]
}

export interface RecordedCase {
  name: string
  endpoint: Endpoint
  version: ApiVersion
  integrationKey: string
  params: LegacyParams
  format: 'json' | 'xml' | 'csv'
  contentType: string
  body: Uint8Array
  bodyText: string
}

function scalar(query: PhpQuery, name: string): string | null {
  const value = query.get(name)
  return value === undefined || isQueryArray(value) || value === '' ? null : value
}

/** YYYY-MM-DD of `at` in America/New_York, shifted by `days`. */
function newYorkDate(at: Date, days = 0): string {
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/New_York' }).format(at)
  const shifted = new Date(`${today}T00:00:00Z`)
  shifted.setUTCDate(shifted.getUTCDate() + days)
  return shifted.toISOString().slice(0, 10)
}

function paramsOf(query: PhpQuery, version: ApiVersion, now: Date): LegacyParams {
  const dataConnector = version === '2.0' || scalar(query, 'data_connector') === '2' ? 2 : 1
  return {
    from: scalar(query, 'from') ?? newYorkDate(now, -30),
    to: scalar(query, 'to') ?? newYorkDate(now),
    advertiserId: scalar(query, 'advertiser_id')?.replace(/^0+/, '') ?? null,
    removeZeros: ['1', 'true', 'on', 'yes'].includes(
      (scalar(query, 'removeZeros') ?? '').trim().toLowerCase(),
    ),
    dataConnector,
  }
}

function formatOf(contentType: string): RecordedCase['format'] | null {
  if (contentType.startsWith('application/json')) return 'json'
  if (contentType.startsWith('application/xml')) return 'xml'
  if (contentType.startsWith('application/csv')) return 'csv'
  return null
}

function caseOf(fixture: Fixture, step: FixtureStep, index: number): RecordedCase | null {
  const { request, response } = step
  const format = formatOf(response.contentType)
  if (request.method !== 'GET' || response.status !== 200 || format === null) return null
  const segments = request.path.split('/').filter((s) => s !== '')
  const prefixed = segments[0] === 'v1.0' || segments[0] === 'v2.0'
  const endpoint = segments[prefixed ? 1 : 0] ?? ''
  if (!(ENDPOINTS as readonly string[]).includes(endpoint) || segments.length !== (prefixed ? 2 : 1))
    return null
  const query = parsePhpQuery(request.query)
  const version = (prefixed ? segments[0]!.slice(1) : (scalar(query, 'version') ?? '1.0')) as ApiVersion
  const headers = new Map(Object.entries(request.headers).map(([k, v]) => [k.toLowerCase(), v]))
  return {
    name: fixture.steps.length > 1 ? `${fixture.name}#${index + 1}` : fixture.name,
    endpoint: endpoint as Endpoint,
    version,
    integrationKey: headers.get('x-integration-key') ?? '',
    params: paramsOf(query, version, new Date(fixture.now)),
    format,
    contentType: response.contentType,
    body: Buffer.from(response.bodyBase64, 'base64'),
    bodyText: response.bodyText,
  }
}

/** Every 200 answer of an endpoint in json, xml or csv (legacy-only formats are the Worker's 410s). */
export function recordedCases(endpoint: Endpoint): RecordedCase[] {
  return readdirSync(FIXTURES_DIR)
    .filter((file) => file.endsWith('.json') && file !== 'manifest.json')
    .flatMap((file) => {
      const fixture = JSON.parse(readFileSync(FIXTURES_DIR + file, 'utf8')) as Fixture
      if (fixture.workerDeviation) return []
      return fixture.steps
        .map((step, i) => caseOf(fixture, step, i))
        .filter((c): c is RecordedCase => c?.endpoint === endpoint)
    })
    .sort((a, b) => a.name.localeCompare(b.name))
}
