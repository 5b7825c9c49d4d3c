// Trace events shaped like the ones workerd hands a tail Worker.
import { MAIN } from '../../../scripts/db/demo-credentials.ts'
import type { TraceEvent } from '../src/trace.ts'

export const MAIN_API_KEY = MAIN.apiKey
export const MAIN_INTEGRATION_KEY = MAIN.integrationKey

export function requestTrace(overrides: Partial<TraceEvent> = {}, logCount = 0): TraceEvent {
  return {
    event: {
      request: {
        method: 'GET',
        url: 'https://api.adventive.com/analytics?from=2024-03-01&api_key=' + MAIN_API_KEY,
        headers: { 'x-api-key': MAIN_API_KEY, 'x-integration-key': MAIN_INTEGRATION_KEY, accept: '*/*' },
      },
      response: { status: 200 },
    },
    eventTimestamp: 1_710_511_500_000,
    logs: Array.from({ length: logCount }, (_, i) => ({
      timestamp: 1_710_511_500_000 + i,
      level: 'info',
      message: [JSON.stringify({ level: 'info', event: 'request.done', n: i, endpoint: '/analytics' })],
    })),
    exceptions: [],
    scriptName: 'adv-svc-public-api-prd',
    scriptVersion: { id: '6a1c6d2e-5b61-4b2f-9f61-0c3f2b7d9e10', tag: 'v1.0.0' },
    outcome: 'ok',
    cpuTime: 3,
    wallTime: 41,
    ...overrides,
  }
}

/** A parity.mismatch line as the API Worker's shadow comparison logs it. */
export function parityMismatchLog(timestamp: number, overrides: Record<string, unknown> = {}) {
  return {
    timestamp,
    level: 'warn',
    message: [
      JSON.stringify({
        level: 'warn',
        event: 'parity.mismatch',
        request_id: 'ray-1',
        endpoint: 'analytics',
        version: 'v2.0',
        format: 'xml',
        locator: 'body: /response/row[3]/impressions',
        shape_hash: '9f1c2e4a',
        worker_status: 200,
        legacy_status: 200,
        ...overrides,
      }),
    ],
  }
}
