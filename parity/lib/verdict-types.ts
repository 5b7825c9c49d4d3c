// The result vocabulary shared by replay, record, reconcile, report and matrix.
import type { BodyDiff } from './diff/body-diff.ts'

export interface Mismatch {
  field: 'transport' | 'status' | 'contentType' | 'body' | 'shape' | 'contract'
  expected: string
  actual: string
  /** JSON path / XML element path / CSV row-column, when known. */
  where?: string
  byteOffset?: number
  body?: BodyDiff
}

export interface StepResult {
  index: number
  method: string
  path: string
  query: string
  credentials: 'present' | 'missing'
  expectedStatus: number
  actualStatus: number | null
  pass: boolean
  mismatches: Mismatch[]
}

export interface CaseResult {
  name: string
  pass: boolean
  /** How the case was judged when not byte-for-byte (deviation, mock), and caveats. */
  notes: string[]
  steps: StepResult[]
}
