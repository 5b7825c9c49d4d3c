// Trace events → New Relic log records. One trace record per invocation — a
// request, or an RPC call such as the auth helper's verify() (the outcome the
// canary health windows read) — one per console log line, one per uncaught
// exception. Attribute names are a contract with the deploy-prd health window
// (.github/scripts/health-window.sh queries them) and the alerts and dashboard
// of infra/observability (its test reads every attribute they use from here).
import { redactHeaders, redactText, redactUrl, redactValue } from './redact.ts'
import type { TraceEvent } from './trace.ts'

export const LOGTYPE_TRACE = 'cf-worker-trace'
export const LOGTYPE_LOG = 'cf-worker-log'
export const LOGTYPE_EXCEPTION = 'cf-worker-exception'

export type AttributeValue = string | number | boolean
export interface LogRecord {
  timestamp: number
  message: string
  attributes: Record<string, AttributeValue>
}

const MAX_MESSAGE_CHARS = 4096

function common(trace: TraceEvent): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {
    'service.name': trace.scriptName ?? 'unknown',
    'worker.outcome': trace.outcome,
  }
  if (trace.scriptVersion?.id) attributes['worker.version'] = trace.scriptVersion.id
  if (trace.scriptVersion?.tag) attributes['worker.version_tag'] = trace.scriptVersion.tag
  return attributes
}

function timings(trace: TraceEvent): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {}
  if (trace.cpuTime !== undefined) out['worker.cpu_ms'] = trace.cpuTime
  if (trace.wallTime !== undefined) out['worker.wall_ms'] = trace.wallTime
  return out
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE_CHARS ? text.slice(0, MAX_MESSAGE_CHARS) + '…' : text
}

/**
 * Our logger writes one JSON object per line ({level, event, ...fields}). Returns that object,
 * redacted, or undefined for any other log message.
 */
export function parseLogLine(message: unknown): Record<string, unknown> | undefined {
  const parts = Array.isArray(message) ? message : [message]
  if (parts.length !== 1 || typeof parts[0] !== 'string' || !parts[0].startsWith('{')) return undefined
  try {
    const parsed: unknown = JSON.parse(parts[0])
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined
    return redactValue(parsed) as Record<string, unknown>
  } catch {
    return undefined
  }
}

/** Lifts the fields of our JSON log lines into attributes; any other message ships as text. */
function logAttributes(message: unknown): { text: string; fields: Record<string, AttributeValue> } {
  const parsed = parseLogLine(message)
  if (parsed) {
    const fields: Record<string, AttributeValue> = {}
    for (const [k, v] of Object.entries(parsed)) {
      if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') fields[`log.${k}`] = v
    }
    return { text: JSON.stringify(parsed), fields }
  }
  const parts = Array.isArray(message) ? message : [message]
  const text = parts
    .map((p) => (typeof p === 'string' ? redactText(p) : JSON.stringify(redactValue(p))))
    .join(' ')
  return { text, fields: {} }
}

export function toLogRecords(trace: TraceEvent): LogRecord[] {
  const base = common(trace)
  const records: LogRecord[] = []
  const request = trace.event?.request
  const at = trace.eventTimestamp ?? Date.now()

  if (request) {
    const url = redactUrl(request.url)
    const status = trace.event?.response?.status
    const attributes: Record<string, AttributeValue> = {
      ...base,
      ...timings(trace),
      logtype: LOGTYPE_TRACE,
      'worker.event': 'fetch',
      'http.method': request.method,
      'http.url': url,
      'http.headers': JSON.stringify(redactHeaders(request.headers)),
    }
    if (status !== undefined) attributes['http.status'] = status
    records.push({
      timestamp: at,
      message: `${request.method} ${url} ${status ?? '-'} ${trace.outcome}`,
      attributes,
    })
  } else if (trace.event?.rpcMethod) {
    const method = trace.event.rpcMethod
    const attributes: Record<string, AttributeValue> = {
      ...base,
      ...timings(trace),
      logtype: LOGTYPE_TRACE,
      'worker.event': 'rpc',
      'rpc.method': method,
    }
    if (trace.entrypoint) attributes['worker.entrypoint'] = trace.entrypoint
    records.push({
      timestamp: at,
      message: `RPC ${trace.entrypoint ?? ''}.${method} ${trace.outcome}`,
      attributes,
    })
  }

  for (const log of trace.logs) {
    const { text, fields } = logAttributes(log.message)
    records.push({
      timestamp: log.timestamp,
      message: clip(text),
      attributes: { ...base, ...fields, logtype: LOGTYPE_LOG, level: log.level },
    })
  }

  for (const exception of trace.exceptions) {
    records.push({
      timestamp: exception.timestamp,
      message: clip(redactText(`${exception.name}: ${exception.message}`)),
      attributes: {
        ...base,
        logtype: LOGTYPE_EXCEPTION,
        level: 'error',
        'error.class': exception.name,
        ...(exception.stack ? { 'error.stack': clip(redactText(exception.stack)) } : {}),
      },
    })
  }
  return records
}
