// Every endpoint's handler, by endpoint name (the pipeline's dispatch table).
import { advertisers } from './advertisers.ts'
import { analytics } from './analytics.ts'
import { campaigns } from './campaigns.ts'
import { clickthroughs } from './clickthroughs.ts'
import { connector } from './connector.ts'
import { credentialscheck } from './credentialscheck.ts'
import { dataconnector } from './dataconnector.ts'
import type { Endpoint, Handler } from './types.ts'

export const HANDLERS: Record<Endpoint, Handler> = {
  credentialscheck,
  advertisers,
  campaigns,
  analytics,
  clickthroughs,
  connector,
  dataconnector,
}
