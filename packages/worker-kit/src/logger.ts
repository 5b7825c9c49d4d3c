// The one logger: structured JSON lines on stdout (Workers Logs and the tail
// Worker pick them up). Never pass a credential in: keys are hashed before
// they get anywhere near a log field, and `redact` drops any field whose
// name looks like one as a second line of defence.

export type LogFields = Record<string, string | number | boolean | null | undefined>
export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export interface Logger {
  debug(event: string, fields?: LogFields): void
  info(event: string, fields?: LogFields): void
  warn(event: string, fields?: LogFields): void
  error(event: string, fields?: LogFields): void
  /** A logger that adds these fields to every line. */
  child(fields: LogFields): Logger
}

const CREDENTIAL_FIELD = /(api[_-]?key|integration[_-]?key|password|secret|token|authorization)/i

// Field names are a small fixed set: each is tested once per isolate, not once per line.
const credentialNames = new Map<string, boolean>()
function looksLikeCredential(name: string): boolean {
  let verdict = credentialNames.get(name)
  if (verdict === undefined) {
    verdict = CREDENTIAL_FIELD.test(name)
    if (credentialNames.size < 1_000) credentialNames.set(name, verdict)
  }
  return verdict
}

function redactInto(out: LogFields, fields: LogFields): LogFields {
  for (const k in fields) {
    const v = fields[k]
    if (v === undefined) continue
    out[k] = looksLikeCredential(k) ? '[redacted]' : v
  }
  return out
}

/** An error's message as a log field (anything thrown, not only Errors). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}

export function createLogger(base: LogFields = {}, sink: (line: string) => void = console.log): Logger {
  const redactedBase = redactInto({}, base)
  const write = (level: LogLevel, event: string, fields: LogFields = {}) => {
    sink(JSON.stringify(redactInto({ level, event, ...redactedBase }, fields)))
  }
  return {
    debug: (e, f) => write('debug', e, f),
    info: (e, f) => write('info', e, f),
    warn: (e, f) => write('warn', e, f),
    error: (e, f) => write('error', e, f),
    child: (fields) => createLogger({ ...base, ...fields }, sink),
  }
}
