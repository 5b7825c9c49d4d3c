// What a client that only ever fails authentication costs (issue 13, item 1),
// before and after the failed-auth throttle: one client sends N requests with
// random well-formed keys, one after another, to a stack of one source tree's
// production bundles (its own workerd process). Counted per failed request,
// past the first few: SELECTs the database server ran (MariaDB's Com_select,
// so every lookup counts wherever it came from) and the workerd process's CPU
// (/proc, user + system), plus the statuses the client saw.
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { cpuMs, named, processTree } from '../bench/processes.ts'
import { selectCount } from './server-watch.ts'

export interface AuthCostOptions {
  /** The source tree whose stack is measured (it must hold scripts/stack/workerd-stack.ts). */
  root: string
  label: string
  commit: string
  port: number
  requests: number
  /** Requests not counted at the start (the throttle trips after the binding's limit). */
  firstFew: number
  /** Sent as CF-Connecting-IP: the one client. */
  clientAddress: string
}

export interface AuthCostResult {
  label: string
  commit: string
  requests: number
  firstFew: number
  statuses: Record<string, number>
  /** SELECTs on the server per failed request, past the first few (the target: ≤ 0.1). */
  lookupsPerFailure: number
  /** The same over all requests. */
  lookupsPerFailureAll: number
  /** workerd CPU (both Workers, one process) per failed request, past the first few. */
  cpuMsPerFailure: number
  requestsPerSecond: number
}

const randomHex = (bytes: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('')

/** A key pair of the demo keys' shape that no row has. */
const randomCredential = () => ({
  'X-Integration-Key': `adv-int-${randomHex(4)}`,
  'X-Api-Key': `ak_${randomHex(16)}`,
})

/** Starts `node scripts/stack/workerd-stack.ts` in `root`; resolves once it prints `ready <url>`. */
export async function startStackProcess(
  root: string,
  port: number,
  extraArgs: string[] = [],
): Promise<{ url: string; child: ChildProcess; stop(): Promise<void> }> {
  const child = spawn(
    process.execPath,
    [`${root}/scripts/stack/workerd-stack.ts`, '--port', String(port), ...extraArgs],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: { ...process.env } },
  )
  const tail: string[] = []
  child.stderr!.on('data', (chunk: Buffer) => tail.push(chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! })
    lines.on('line', (line) => {
      const ready = /^ready (\S+)/.exec(line)
      if (ready) resolve(ready[1]!)
    })
    void exited.then((code) =>
      reject(new Error(`stack in ${root} exited (${code}): ${tail.join('').slice(-2000)}`)),
    )
  })
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null) return
      process.kill(-child.pid!, 'SIGTERM')
      const killer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 10_000)
      await exited
      clearTimeout(killer)
    },
  }
}

export async function measureAuthCost(options: AuthCostOptions): Promise<AuthCostResult> {
  const stack = await startStackProcess(options.root, options.port)
  try {
    const workerd = named(processTree(stack.child.pid!), 'workerd')
    if (workerd.length === 0) throw new Error('no workerd process under the stack')
    // What one reading adds by itself (nothing on MariaDB: SHOW is not a SELECT), taken off per interval.
    const idle = -(await selectCount()) + (await selectCount())
    const statuses: Record<string, number> = {}
    const before = await selectCount()
    let atStart = before
    let cpuAtStart = cpuMs(workerd)
    let startedAt = performance.now()
    for (let i = 0; i < options.requests; i++) {
      if (i === options.firstFew) {
        atStart = await selectCount()
        cpuAtStart = cpuMs(workerd)
        startedAt = performance.now()
      }
      const res = await fetch(`${stack.url}/credentialscheck`, {
        headers: { ...randomCredential(), 'CF-Connecting-IP': options.clientAddress },
        signal: AbortSignal.timeout(30_000),
      })
      await res.arrayBuffer()
      statuses[res.status] = (statuses[res.status] ?? 0) + 1
    }
    const elapsedS = (performance.now() - startedAt) / 1000
    const cpuEnd = cpuMs(workerd)
    const end = await selectCount()
    const counted = options.requests - options.firstFew
    const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits
    return {
      label: options.label,
      commit: options.commit,
      requests: options.requests,
      firstFew: options.firstFew,
      statuses,
      lookupsPerFailure: round((end - atStart - idle) / counted),
      lookupsPerFailureAll: round((end - before - 2 * idle) / options.requests),
      cpuMsPerFailure: round((cpuEnd - cpuAtStart) / counted, 2),
      requestsPerSecond: round(counted / elapsedS, 1),
    }
  } finally {
    await stack.stop()
  }
}
