// `parity record`: replays a cases file against a live origin (the legacy
// PHP API) and writes fixtures in the same format as parity/fixtures/, plus a
// manifest. `now` is the recording instant, so the Worker's pinned clock
// reproduces the origin's "today" later.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { decodeBody } from '../../src/shadow/body-text.ts'
import type { Fixture } from './fixture-types.ts'
import { sendRecorded } from './http-client.ts'
import type { RequestCase } from './cases-file.ts'

export async function recordCase(
  origin: string,
  c: RequestCase,
  clock: () => Date = () => new Date(),
): Promise<Fixture> {
  const now = clock()
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
  const steps: Fixture['steps'] = []
  for (const request of c.requests) {
    const observed = await sendRecorded(origin, request)
    steps.push({
      request,
      response: {
        status: observed.status,
        contentType: observed.contentType,
        bodyBase64: observed.body.toString('base64'),
        bodyText: decodeBody(observed.body, observed.contentType),
      },
    })
  }
  return {
    name: c.name,
    description: c.description,
    now,
    ...(c.workerDeviation ? { workerDeviation: c.workerDeviation } : {}),
    steps,
  }
}

export async function recordAll(
  origin: string,
  cases: RequestCase[],
  outDir: string,
  clock?: () => Date,
): Promise<Fixture[]> {
  mkdirSync(outDir, { recursive: true })
  const fixtures: Fixture[] = []
  for (const c of cases) {
    const fixture = await recordCase(origin, c, clock)
    writeFileSync(join(outDir, `${c.name}.json`), `${JSON.stringify(fixture, null, 2)}\n`)
    fixtures.push(fixture)
  }
  const manifest = {
    origin,
    recordedAt: fixtures[0]?.now ?? null,
    caseCount: fixtures.length,
    cases: fixtures.map((f) => f.name),
  }
  writeFileSync(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`)
  return fixtures
}
