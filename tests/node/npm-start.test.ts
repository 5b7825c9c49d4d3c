// `npm start` as a developer runs it (npm → scripts/start-local.sh → scripts/start/main.ts →
// wrangler dev): vars given with `-- --var NAME:value` reach the local Worker, wrangler's own
// errors are shown without --verbose, and a missing MySQL prints the help itself.
import { spawn } from 'node:child_process'
import { createServer, type AddressInfo, type Server } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort } from '../../parity/lib/service-process.ts'
import { DEMO_CREDENTIALS } from '../../scripts/local-stack.ts'
import { repoRoot } from './contract-support.ts'

interface Run {
  stdout: string
  stderr: string
  /** Null while npm start runs. */
  exitCode: number | null
  /** Resolves with the exit code. */
  exited: Promise<number | null>
  /** SIGTERM to npm's process group (main stops wrangler on it), then waits for npm's exit. */
  stop(): Promise<number | null>
}

const runs: Run[] = []
afterAll(async () => {
  for (const run of runs) await run.stop()
})

function npmStart(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const child = spawn('npm', ['start', '--silent', '--', ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  const run: Run = {
    stdout: '',
    stderr: '',
    exitCode: null,
    exited: new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        run.exitCode = code ?? (signal ? 128 : -1)
        resolve(code)
      }),
    ),
    async stop() {
      if (child.exitCode === null && child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGTERM')
        } catch {
          // Already gone.
        }
      }
      return run.exited
    },
  }
  child.stdout.on('data', (chunk: Buffer) => (run.stdout += chunk.toString('utf8')))
  child.stderr.on('data', (chunk: Buffer) => (run.stderr += chunk.toString('utf8')))
  runs.push(run)
  return run
}

/** The exit code, or a failure carrying what npm start printed if it has not ended within `ms`. */
async function exitOf(run: Run, ms: number): Promise<number | null> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`npm start still running after ${ms} ms:\n${run.stdout}\n${run.stderr}`)),
      ms,
    )
  })
  try {
    return await Promise.race([run.exited, late])
  } finally {
    clearTimeout(timer)
  }
}

/** Resolves once stdout shows the "is up" banner, or rejects with the output if npm start ends first. */
async function upOrExit(run: Run, ms: number): Promise<void> {
  const deadline = Date.now() + ms
  while (!run.stdout.includes('Ctrl-C to stop.')) {
    if (run.exitCode !== null)
      throw new Error(`npm start exited (${run.exitCode}) before it was up:\n${run.stdout}\n${run.stderr}`)
    if (Date.now() > deadline)
      throw new Error(`npm start not up after ${ms} ms:\n${run.stdout}\n${run.stderr}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

const credentials = {
  'X-Integration-Key': DEMO_CREDENTIALS.integrationKey,
  'X-Api-Key': DEMO_CREDENTIALS.apiKey,
}

describe('npm start', () => {
  it('passes -- --var NAME:value … to the local Worker', async () => {
    const port = await freePort()
    const run = npmStart([
      '--port',
      String(port),
      '--no-seed',
      '--var',
      'HANDLER_ADVERTISERS_ENABLED:false',
      '--var',
      'DOCS_URL:https://docs.example.test/partners',
    ])
    await upOrExit(run, 100_000)
    expect(run.stdout).toContain(
      'Vars:         HANDLER_ADVERTISERS_ENABLED=false, DOCS_URL=https://docs.example.test/partners',
    )
    const base = `http://127.0.0.1:${port}`
    // The advertisers flag is off: the route answers like an unknown method; campaigns still serves.
    const advertisers = await fetch(`${base}/advertisers`, { headers: credentials })
    expect([advertisers.status, await advertisers.text()]).toEqual([
      404,
      '{"status":false,"error":"Unknown method"}',
    ])
    const campaigns = await fetch(`${base}/campaigns`, { headers: credentials })
    expect(campaigns.status).toBe(200)
    await campaigns.arrayBuffer()
    // DOCS_URL is the link of the 410 answer.
    const gone = await fetch(`${base}/credentialscheck?format=php`, { headers: credentials })
    expect(await gone.json()).toMatchObject({ documentation: 'https://docs.example.test/partners' })
    // Ctrl-C (SIGTERM here) stops wrangler too: the port stops answering.
    await run.stop()
    await expect
      .poll(
        () =>
          fetch(`${base}/__health`).then(
            () => 'up',
            () => 'down',
          ),
        { timeout: 20_000 },
      )
      .toBe('down')
  }, 120_000)

  it("shows wrangler's own error without --verbose, not its binding tables", async () => {
    // A port that is taken for sure: ours, listening (port 0 leaves no window for anyone else).
    const holder: Server = createServer()
    await new Promise<void>((resolve, reject) => {
      holder.once('error', reject)
      holder.listen(0, '127.0.0.1', resolve)
    })
    const port = (holder.address() as AddressInfo).port
    try {
      const run = npmStart(['--port', String(port), '--no-seed'])
      expect(await exitOf(run, 100_000)).toBe(1)
      expect(run.stderr).toContain('local stack failed to start:')
      expect(run.stderr).toContain(`✘ [ERROR] Address already in use (127.0.0.1:${port})`)
      expect(run.stderr).not.toContain('has access to the following bindings')
      expect(run.stderr).not.toContain('--verbose')
    } finally {
      holder.close()
    }
  }, 120_000)

  it('prints how to start MySQL itself when the database does not answer', async () => {
    const port = await freePort()
    const run = npmStart(['--port', String(port)], { DATABASE_URL: `mysql://root@127.0.0.1:${port}` })
    expect(await exitOf(run, 50_000)).toBe(1)
    expect(run.stderr).toContain(`Cannot reach MySQL at 127.0.0.1:${port} as root`)
    expect(run.stderr).toContain('sudo apt-get install mariadb-server')
    expect(run.stderr).toContain('docker compose -f scripts/db/docker-compose.yml up -d')
    expect(run.stderr).not.toContain('setup.ts --check')
  }, 60_000)

  it('refuses a malformed --var with the usage, before starting anything', async () => {
    const run = npmStart(['--var', 'NO_COLON'])
    expect(await exitOf(run, 50_000)).toBe(2)
    expect(run.stderr).toContain('--var wants NAME:value')
    expect(run.stderr).toContain('usage: npm start --')
  }, 60_000)
})
