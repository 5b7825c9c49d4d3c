// Starting the long-running tools the contract tests talk to (Prism, wrangler dev) on a
// free local port, and stopping exactly the process that was started.
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
export const bin = (tool: string) => `${repoRoot}node_modules/.bin/${tool}`

export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  if (address === null || typeof address === 'string') throw new Error('no port')
  return address.port
}

export interface Started {
  process: ChildProcess
  output: () => string
  stop: () => Promise<void>
}

/** Spawns `command` and resolves once its output matches `ready` (or rejects with the output on timeout/exit). */
export async function startUntil(
  command: string,
  args: string[],
  ready: RegExp,
  timeoutMs: number,
  env: NodeJS.ProcessEnv = {},
): Promise<Started> {
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const started: Started = {
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await exited
      clearTimeout(timer)
    },
  }
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(`not ready after ${timeoutMs} ms`), timeoutMs)
    const fail = (why: string) => {
      clearTimeout(timer)
      void started.stop()
      reject(new Error(`${command} ${args.join(' ')}: ${why}\n${output.slice(-3000)}`))
    }
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      if (ready.test(output)) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.once('exit', (code) => fail(`exited with ${code}`))
  })
  return started
}
