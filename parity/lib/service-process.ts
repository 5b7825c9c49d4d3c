// A child process that serves HTTP (wrangler dev, Prism): started in its own
// process group so stop() ends it and everything it spawned (workerd), with
// the tail of its output kept for error messages.
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'

export interface ServiceProcess {
  readonly child: ChildProcess
  /** The last lines the process printed (stdout and stderr interleaved). */
  outputTail(): string
  /** Resolves once the process has exited (or at once if it already has). */
  exited(): Promise<number | null>
  stop(): Promise<void>
}

const TAIL_LINES = 40

export function startServiceProcess(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv; echo?: boolean },
): ServiceProcess {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const lines: string[] = []
  const keep = (chunk: Buffer) => {
    if (options.echo) process.stdout.write(chunk)
    lines.push(
      ...chunk
        .toString('utf8')
        .split('\n')
        .filter((l) => l.trim() !== ''),
    )
    if (lines.length > TAIL_LINES) lines.splice(0, lines.length - TAIL_LINES)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const exit = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code))
    child.once('error', (err) => {
      lines.push(`spawn failed: ${err.message}`)
      resolve(null)
    })
  })
  let stopping: Promise<void> | null = null
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.pid === undefined) return
      signalGroup(child.pid, 'SIGTERM')
      const killed = await Promise.race([exit.then(() => true), delay(5000).then(() => false)])
      if (!killed) signalGroup(child.pid, 'SIGKILL')
      await exit
    })()
    return stopping
  }
  return { child, outputTail: () => lines.join('\n'), exited: () => exit, stop }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal)
  } catch {
    // Already gone.
  }
}

export const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/**
 * Polls `url` until `accept` says yes, the process exits, or the timeout
 * passes; the error carries the process output tail, which is where wrangler
 * and Prism explain why they did not come up.
 */
export async function waitUntilServing(
  service: ServiceProcess,
  url: string,
  options: { timeoutMs: number; what: string; accept?: (status: number) => boolean; failOn?: RegExp },
): Promise<void> {
  const accept = options.accept ?? ((status) => status === 200)
  const deadline = Date.now() + options.timeoutMs
  let exitedWith: number | null | undefined
  void service.exited().then((code) => {
    exitedWith = code
  })
  let lastError = 'no answer yet'
  while (Date.now() < deadline) {
    if (exitedWith !== undefined) {
      throw new Error(
        `${options.what} exited (code ${exitedWith}) before ${url} answered.\n--- output tail ---\n${service.outputTail()}`,
      )
    }
    // wrangler keeps running after a build error (it waits for edits), so
    // waiting out the timeout would only hide the reason.
    if (options.failOn?.test(service.outputTail())) {
      throw new Error(
        `${options.what} reported an error before ${url} answered.\n--- output tail ---\n${service.outputTail()}`,
      )
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) })
      await res.arrayBuffer()
      if (accept(res.status)) return
      lastError = `HTTP ${res.status}`
    } catch (err) {
      lastError = (err as Error).message
    }
    await delay(300)
  }
  throw new Error(
    `${options.what} did not answer ${url} within ${Math.round(options.timeoutMs / 1000)} s (last: ${lastError}).\n--- output tail ---\n${service.outputTail()}`,
  )
}
