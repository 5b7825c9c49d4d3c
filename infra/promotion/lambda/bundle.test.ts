// The Lambda as deployed: bundled by esbuild (npm run build:promotion-lambda) and loaded by Node.
import { execFileSync } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { expect, it } from 'vitest'
import { buildArgs } from '../../build-lambda.ts'

it('bundles into one ESM file whose handler loads and ignores images that are not available', async () => {
  const out = join(mkdtempSync(join(tmpdir(), 'promotion-')), 'index.mjs')
  const esbuild = fileURLToPath(new URL('../../../node_modules/.bin/esbuild', import.meta.url))
  execFileSync(esbuild, buildArgs('promotion', out), {
    cwd: fileURLToPath(new URL('../../..', import.meta.url)),
  })
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AMI_PARAMETER_NAME: '/p',
    STATE_MACHINE_ARN: 'arn:sm',
    PIPELINE_ARN: 'arn:p',
  })
  const { handler } = (await import(pathToFileURL(out).href)) as { handler: (e: unknown) => Promise<unknown> }
  const result = await handler({
    'detail-type': 'EC2 Image Builder Image State Change',
    resources: ['arn:img'],
    detail: { state: { status: 'BUILDING' } },
  })
  expect(result).toEqual({ outcome: 'ignored', reason: 'image state BUILDING' })
}, 60_000)
