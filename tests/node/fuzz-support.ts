// A small made-up contract for the fuzzer's own tests: one secured operation
// with the legacy parameters, one service route, the legacy error envelope.
import type { SpecOperation } from '../../parity/lib/contract/spec-operations.ts'

export const JSON_TYPE = 'application/json; charset=utf-8'
export const CSV_TYPE = 'application/csv; charset=utf-8'
const envelope = {
  type: 'object',
  required: ['status', 'error'],
  additionalProperties: false,
  properties: { status: { const: false }, error: { type: 'string' } },
}
const errors = { [JSON_TYPE]: envelope, [CSV_TYPE]: null }

export const THINGS: SpecOperation = {
  method: 'GET',
  path: '/things',
  operationId: 'listThings',
  secured: true,
  parameters: [
    { name: 'from', required: false, schema: { type: 'string' }, examples: ['2024-03-01'] },
    { name: 'to', required: false, schema: { type: 'string' }, examples: [] },
    {
      name: 'format',
      required: false,
      schema: { type: 'string', enum: ['json', 'xml', 'csv'] },
      examples: [],
    },
    { name: 'advertiser_id', required: false, schema: { type: 'string' }, examples: [] },
  ],
  responses: {
    '200': {
      [JSON_TYPE]: {
        type: 'array',
        items: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } },
      },
      [CSV_TYPE]: null,
    },
    '400': errors,
    '401': errors,
    '404': errors,
    '503': errors,
  },
}

export const HEALTH: SpecOperation = {
  method: 'GET',
  path: '/__health',
  operationId: 'getHealth',
  secured: false,
  parameters: [],
  responses: { '200': { 'application/json': { type: 'object' } } },
}

export const OPERATIONS = [THINGS, HEALTH]
