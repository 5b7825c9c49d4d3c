// spec/examples/*.yaml from recorded legacy responses (parity/fixtures), so the contract's
// examples are real answers rather than hand-typed guesses. `npm run generate` writes them
// before bundling the spec; `npm run check:generated` fails when one is stale (a fixture
// changed, or someone edited an extracted example). The examples not listed here (the 410,
// 503 and 504 deviations, the XML/CSV 429, /__health) are hand-written in spec/examples/
// and carry no "extracted from" header.
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { dump } from 'js-yaml'
import { decodeBody } from '../../src/shadow/body-text.ts'
import type { Fixture } from '../../parity/lib/fixture-types.ts'

/** example file name → [fixture name, step index, summary]. */
const chosen: Record<string, [string, number, string]> = {
  CredentialsCheckJson: ['credentialscheck-json', 0, 'Valid credentials'],
  CredentialsCheckXml: ['credentialscheck-xml', 0, 'Valid credentials (XML)'],
  CredentialsCheckCsv: ['credentialscheck-csv', 0, 'Valid credentials (CSV, shown decoded from UTF-16LE)'],
  AdvertisersJson: ['advertisers-account2', 0, 'Active advertisers of an account'],
  AdvertisersXml: ['advertisers-xml', 0, 'Active advertisers (XML)'],
  AdvertisersCsv: ['advertisers-csv', 0, 'Active advertisers (CSV, shown decoded from UTF-16LE)'],
  CampaignsJson: ['campaigns-inactive-advertiser', 0, 'Campaigns of one advertiser with nested sites'],
  CampaignsXml: ['campaigns-advertiser-xml', 0, 'Campaigns of one advertiser (XML)'],
  CampaignsCsv: ['campaigns-csv', 0, 'Campaigns (CSV: nested lists print as Array)'],
  AnalyticsV1Json: ['analytics-renamed-advertiser', 0, 'Version 1.0 daily rows'],
  AnalyticsV1Xml: ['analytics-from-equals-to-xml', 0, 'Version 1.0 daily rows (XML)'],
  AnalyticsV1Csv: ['analytics-huge-csv', 0, 'Version 1.0 daily rows (CSV, shown decoded from UTF-16LE)'],
  AnalyticsV2Json: ['path-double-slashes', 0, 'Version 2.0 daily rows with video columns'],
  AnalyticsV2Xml: ['analytics-huge-v2-xml', 0, 'Version 2.0 daily rows (XML)'],
  AnalyticsV2Csv: [
    'analytics-removezeros-on-v2-csv',
    0,
    'Version 2.0 daily rows (CSV, shown decoded from UTF-16LE)',
  ],
  ClickthroughsJson: ['clickthroughs-v2-path', 0, 'Clicks per day, ad unit and click URL'],
  ClickthroughsXml: ['clickthroughs-xml', 0, 'Clicks per day, ad unit and click URL (XML)'],
  ClickthroughsCsv: [
    'clickthroughs-csv',
    0,
    'Clicks per day, ad unit and click URL (CSV, shown decoded from UTF-16LE)',
  ],
  ConnectorJson: ['connector-json', 0, 'Totals per advertiser'],
  ConnectorXml: ['connector-xml', 0, 'Totals per advertiser (XML)'],
  ConnectorCsv: ['connector-csv', 0, 'Totals per advertiser (CSV, shown decoded from UTF-16LE)'],
  DataConnectorTableJson: ['dataconnector-default-is-1', 0, 'Looker Studio table (data_connector=1)'],
  DataConnectorTableXml: ['dataconnector-1-xml', 0, 'Looker Studio table (data_connector=1, XML)'],
  DataConnectorTableCsv: [
    'dataconnector-1-csv',
    0,
    'Looker Studio table (data_connector=1, CSV: not a list, so Array)',
  ],
  DataConnectorRowsJson: ['dataconnector-ignores-advertiser-id', 0, 'Flat rows (data_connector=2)'],
  DataConnectorRowsXml: ['dataconnector-2-xml', 0, 'Flat rows (data_connector=2, XML)'],
  DataConnectorRowsCsv: [
    'dataconnector-2-csv',
    0,
    'Flat rows (data_connector=2, CSV, shown decoded from UTF-16LE)',
  ],
  InvalidVersionJson: ['analytics-invalid-version', 0, 'Invalid version (bare paths only)'],
  InvalidFromJson: ['analytics-invalid-from-and-to', 0, 'Invalid from date (checked before to)'],
  InvalidToJson: ['clickthroughs-invalid-to', 0, 'Invalid to date'],
  FromAfterToJson: ['analytics-from-after-to', 0, 'from after to'],
  RangeTooLongJson: ['analytics-range-367-days', 0, 'Range over 366 days'],
  InvalidAdvertiserIdJson: ['campaigns-invalid-advertiser-id', 0, 'Invalid advertiser_id'],
  InvalidDataConnectorJson: ['dataconnector-invalid-data-connector', 0, 'Invalid data_connector'],
  BadRequestXml: ['analytics-invalid-from-unpadded-xml', 0, 'Invalid from date (XML)'],
  BadRequestCsv: ['analytics-invalid-to-feb30-csv', 0, 'Invalid to date (CSV, shown decoded from UTF-16LE)'],
  MissingCredentialsJson: ['auth-missing-both-json', 0, 'A credential header is missing or empty'],
  InvalidCredentialsJson: ['auth-wrong-api-key', 0, 'Unknown, disabled or expired credentials'],
  UnauthorizedXml: ['auth-missing-both-xml', 0, 'Missing credentials (XML)'],
  UnauthorizedCsv: ['auth-expired-key-csv', 0, 'Invalid credentials (CSV, shown decoded from UTF-16LE)'],
  AdvertiserNotFoundJson: ['analytics-cross-account', 0, 'advertiser_id is not an advertiser of the account'],
  AdvertiserNotFoundXml: ['campaigns-advertiser-not-found-xml', 0, 'Advertiser not found (XML)'],
  AdvertiserNotFoundCsv: [
    'analytics-advertiser-not-found-csv',
    0,
    'Advertiser not found (CSV, shown decoded from UTF-16LE)',
  ],
  RateLimitedJson: ['ratelimit-rph3', 3, 'Request over the hourly limit (here rph = 3)'],
}

/** Where the examples of the spec rooted at `specPath` live (its `spec/examples/`). */
export function examplesDirOf(specPath: string): string {
  return join(dirname(specPath), 'spec', 'examples')
}

/** File name (`CredentialsCheckJson.yaml`) → content, from the recorded bytes (bodyBase64, the truth). */
export function extractExamples(fixturesDir: string): Record<string, string> {
  const files: Record<string, string> = {}
  for (const [name, [fixture, step, summary]] of Object.entries(chosen)) {
    const recorded = JSON.parse(readFileSync(join(fixturesDir, `${fixture}.json`), 'utf8')) as Fixture
    const recordedStep = recorded.steps[step]
    if (!recordedStep) throw new Error(`example ${name}: ${fixture}.json has no step ${step}`)
    const { request, response } = recordedStep
    const text = decodeBody(Buffer.from(response.bodyBase64, 'base64'), response.contentType)
    const example = {
      summary,
      description: `Recorded answer: GET ${request.path}${request.query ? `?${request.query}` : ''} → ${response.status}.`,
      value: response.contentType.startsWith('application/json') ? JSON.parse(text) : text,
    }
    const header = `# Extracted from parity/fixtures/${fixture}.json by scripts/generate/extract-examples.ts (npm run generate); do not edit.\n`
    files[`${name}.yaml`] = header + dump(example, { lineWidth: -1 })
  }
  return files
}

export function writeExamples(files: Record<string, string>, examplesDir: string): void {
  for (const [name, content] of Object.entries(files)) writeFileSync(join(examplesDir, name), content)
}

/** Extracted example files that are missing from `examplesDir` or differ from `files`. */
export function staleExamples(files: Record<string, string>, examplesDir: string): string[] {
  return Object.entries(files)
    .filter(([name, content]) => {
      const path = join(examplesDir, name)
      return !existsSync(path) || readFileSync(path, 'utf8') !== content
    })
    .map(([name]) => name)
    .sort()
}
