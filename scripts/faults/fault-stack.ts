// One stack for a fault suite: both Workers as production runs them (the
// workerd stack of scripts/stack/), the API with the fault entry, reaching
// the real MariaDB through a proxy of the suite's own, on databases of the
// suite's own — so stopping "the database", locking a table or killing a
// connection touches this stack and nothing else that runs alongside.
import { adminTarget } from '../db/connection.ts'
import { serveWorkerdStack } from '../stack/workerd-stack.ts'
import { startDbProxy, type DbProxy } from './db-proxy.ts'
import { faultDatabases, loadFaultDatabases, type FaultDatabases } from './fault-databases.ts'
import { createLogBook, type LogBook } from './log-book.ts'

export const FAULT_ENTRY = 'tests/faults/worker/fault-entry.ts'

export interface FaultStack {
  url: string
  proxy: DbProxy
  logs: LogBook
  databases: FaultDatabases
  stop(): Promise<void>
}

export interface FaultStackOptions {
  /** Names the suite's databases. */
  suite: string
  /** Port for the API (0: any free one). */
  port?: number
  /** Port for the database proxy (0: any free one). */
  proxyPort?: number
  vars?: Record<string, string>
  /** The auth helper's entry module instead of its own (a helper with a broken binding). */
  helperEntry?: string
  /** Copies of the demo kpi rows in the suite's databases (default: enough for megabyte bodies). */
  kpiCopies?: number
}

export async function startFaultStack(options: FaultStackOptions): Promise<FaultStack> {
  const databases = faultDatabases(options.suite)
  await loadFaultDatabases(databases, options.kpiCopies)
  const target = adminTarget()
  const proxy = await startDbProxy({ host: target.host, port: target.port }, options.proxyPort ?? 0)
  const logs = createLogBook()
  try {
    const stack = await serveWorkerdStack({
      port: options.port ?? 0,
      testHooks: true,
      entry: FAULT_ENTRY,
      ...(options.helperEntry ? { helperEntry: options.helperEntry } : {}),
      vars: options.vars ?? {},
      databases,
      databaseAt: { host: '127.0.0.1', port: proxy.port },
      inspectorPort: null,
      persist: null,
      minify: true,
      onLog: (line) => logs.push(line),
    })
    return {
      url: stack.url,
      proxy,
      logs,
      databases,
      async stop() {
        await stack.stop()
        await proxy.close()
      },
    }
  } catch (err) {
    await proxy.close()
    throw err
  }
}
