// What the benchmark sends. The mix is the ten requests partners send most,
// on the demo data (the fixtures' seed, March 2024); the large bodies are the
// longest range the API allows, for account 1 on the scale-9 dataset.

export interface BenchRequest {
  name: string
  path: string
}

const MARCH = 'from=2024-03-01&to=2024-03-31'

export const MIX: readonly BenchRequest[] = [
  { name: 'credentialscheck', path: '/credentialscheck' },
  { name: 'advertisers', path: '/advertisers' },
  { name: 'campaigns', path: '/campaigns?advertiser_id=1' },
  { name: 'analytics v1', path: `/analytics?${MARCH}` },
  { name: 'analytics v2 removeZeros', path: `/v2.0/analytics?${MARCH}&removeZeros=1` },
  { name: 'analytics csv', path: `/analytics?${MARCH}&format=csv` },
  { name: 'clickthroughs', path: `/clickthroughs?${MARCH}` },
  { name: 'connector', path: `/connector?${MARCH}` },
  { name: 'dataconnector', path: `/dataconnector?${MARCH}` },
  { name: 'dataconnector v2 xml', path: `/v2.0/dataconnector?${MARCH}&format=xml` },
]

/** The cheapest answer each runtime gives (404 Unknown method): its per-request floor. */
export const TRIVIAL: BenchRequest = { name: 'trivial (404)', path: '/nothing' }

/** The generated period always ends here (gen_seed.py); a year back is the longest range allowed. */
const YEAR = 'from=2023-04-01&to=2024-03-31'

export const LARGE: readonly BenchRequest[] = [
  { name: 'dataconnector dc=1 json', path: `/dataconnector?${YEAR}&data_connector=1` },
  { name: 'dataconnector dc=1 xml', path: `/dataconnector?${YEAR}&data_connector=1&format=xml` },
  { name: 'dataconnector dc=1 csv', path: `/dataconnector?${YEAR}&data_connector=1&format=csv` },
  { name: 'dataconnector dc=2 json', path: `/dataconnector?${YEAR}&data_connector=2` },
  { name: 'dataconnector dc=2 xml', path: `/dataconnector?${YEAR}&data_connector=2&format=xml` },
  { name: 'dataconnector dc=2 csv', path: `/dataconnector?${YEAR}&data_connector=2&format=csv` },
  { name: 'analytics v2 account json', path: `/v2.0/analytics?${YEAR}` },
  { name: 'analytics v2 account xml', path: `/v2.0/analytics?${YEAR}&format=xml` },
  { name: 'clickthroughs account json', path: `/clickthroughs?${YEAR}` },
]
