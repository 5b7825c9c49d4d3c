// What a fault case saw, in words, for the fault table of
// docs/reliability/faults.md: the fault suite (tests/faults/) records one
// observation per case into the file named by FAULTS_OBSERVATIONS (when set),
// before it asserts anything, so a case that fails still says what happened;
// `npm run faults` joins them with the cases' results.
import { appendFileSync, existsSync, readFileSync } from 'node:fs'
import type { LogBook } from './log-book.ts'

export interface Observation {
  /** The case's full name (describe > it), as the test reporter names it. */
  test: string
  fault: string
  request: string
  /** What the documented behaviour is. */
  expected: string
  /** What the client saw. */
  saw: string
  /** What the stack logged for it. */
  logged: string
}

export const OBSERVATIONS_ENV = 'FAULTS_OBSERVATIONS'

export function recordObservation(observation: Observation): void {
  const file = process.env[OBSERVATIONS_ENV]
  if (file) appendFileSync(file, JSON.stringify(observation) + '\n')
}

export function readObservations(file: string): Observation[] {
  if (!existsSync(file)) return []
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Observation)
}

const clip = (text: string, max = 70) => (text.length > max ? `${text.slice(0, max - 1)}…` : text)

/** A response in one line: status, body (clipped), the headers that matter here, time. */
export function describeAnswer(answer: {
  status: number
  headers: Headers
  body: string
  ms?: number
}): string {
  const parts = [`${answer.status} ${clip(answer.body)}`]
  const retryAfter = answer.headers.get('Retry-After')
  if (retryAfter !== null) parts.push(`Retry-After: ${retryAfter}`)
  const remaining = answer.headers.get('X-RateLimit-Remaining')
  if (remaining !== null) parts.push(`X-RateLimit-Remaining: ${remaining}`)
  if (answer.ms !== undefined) parts.push(`after ${Math.round(answer.ms)} ms`)
  return parts.join(', ')
}

const REQUEST_FIELDS = ['status', 'outcome', 'auth_source', 'ratelimit_source', 'ratelimit_count'] as const

/** A request's log lines in one line: each event (level, message or code), then its request line's key fields. */
export function describeLogs(logs: LogBook, requestId: string): string {
  const lines = logs.of(requestId)
  const events = lines
    .filter((line) => line.event !== 'request')
    .map((line) => {
      const detail = line.message ?? line.code ?? line.outcome
      return `${line.event} (${line.level}${detail === undefined ? '' : `: ${clip(String(detail), 60)}`})`
    })
  const request = lines.find((line) => line.event === 'request')
  if (request) events.push(`request {${REQUEST_FIELDS.map((f) => `${f}: ${String(request[f])}`).join(', ')}}`)
  return events.length > 0 ? events.join('; ') : '(nothing)'
}
