// The parts of a Workers trace event (`TraceItem`) the tail Worker reads,
// as plain structural types: the core stays free of workerd's global types,
// so it runs and is tested under plain Node.

export interface TraceRequest {
  method: string
  url: string
  headers: Record<string, string>
}

export interface TraceEvent {
  /** fetch events carry request/response; RPC calls (the auth helper's verify()) carry rpcMethod. */
  event: { request?: TraceRequest; response?: { status: number }; rpcMethod?: string } | null
  entrypoint?: string
  eventTimestamp: number | null
  logs: { timestamp: number; level: string; message: unknown }[]
  exceptions: { timestamp: number; name: string; message: string; stack?: string }[]
  scriptName: string | null
  scriptVersion?: { id?: string; tag?: string }
  outcome: string
  cpuTime?: number
  wallTime?: number
}
