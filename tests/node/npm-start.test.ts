// `npm start` as a developer runs it (npm → scripts/start-local.sh → scripts/start/main.ts →
// wrangler dev): vars given with `-- --var NAME:value` reach the local Worker, wrangler's own
// errors are shown without --verbose, and a missing MySQL prints the help itself.
import { spawn } from 'node:child_process'
import { createServer, type Server } from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort } from '../../parity/lib/service-process.ts'
import { DEMO_CREDENTIALS } from '../../scripts/local-stack.ts'
import { repoRoot } from './contract-support.ts'

interface Run {
  stdout: string
  stderr: string
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
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
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

/** Resolves once stdout shows the "is up" banner, or rejects with the output if npm start ends first. */
async function upOrExit(run: Run): Promise<void> {
  const up = (async () => {
    while (!run.stdout.includes('Ctrl-C to stop.')) await new Promise((r) => setTimeout(r, 200))
  })()
  const exit = run.exited.then((code) => {
    throw new Error(`npm start exited (${code}) before it was up:\n${run.stdout}\n${run.stderr}`)
  })
  await Promise.race([up, exit])
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
    await upOrExit(run)
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
    const port = await freePort()
    const holder: Server = createServer()
    await new Promise<void>((resolve) => holder.listen(port, '127.0.0.1', resolve))
    try {
      const run = npmStart(['--port', String(port), '--no-seed'])
      expect(await run.exited).toBe(1)
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
    expect(await run.exited).toBe(1)
    expect(run.stderr).toContain(`Cannot reach MySQL at 127.0.0.1:${port} as root`)
    expect(run.stderr).toContain('sudo apt-get install mariadb-server')
    expect(run.stderr).toContain('docker compose -f scripts/db/docker-compose.yml up -d')
    expect(run.stderr).not.toContain('setup.ts --check')
  }, 60_000)

  it('refuses a malformed --var with the usage, before starting anything', async () => {
    const run = npmStart(['--var', 'NO_COLON'])
    expect(await run.exited).toBe(2)
    expect(run.stderr).toContain('--var wants NAME:value')
    expect(run.stderr).toContain('usage: npm start --')
  }, 60_000)
})
