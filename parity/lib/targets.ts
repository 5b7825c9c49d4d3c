// Turns `--target worker|mock|<base-url>` into a running ReplayTarget.
import { join } from 'node:path'
import { startLocalStack } from '../../scripts/local-stack.ts'
import { startMock } from '../../scripts/mock/server.ts'
import { loadMockSpec } from '../../scripts/mock/spec-examples.ts'
import { bundleSpec, operationsOf } from './contract/spec-operations.ts'
import type { ReplayTarget } from './replay.ts'

export interface OpenTarget {
  target: ReplayTarget
  close(): Promise<void>
}

export interface TargetOptions {
  /** The OpenAPI file for the mock (default openapi.yaml). */
  spec?: string
}

export async function openTarget(spec: string, options: TargetOptions = {}): Promise<OpenTarget> {
  if (spec === 'worker') {
    // seed null: schema and read-only user only (idempotent), the data stays as it is.
    const stack = await startLocalStack({ seed: null, testHooks: true, ephemeralState: true })
    return {
      target: {
        label: 'worker',
        baseUrl: stack.url,
        testHooks: true,
        docsUrl: stack.vars.DOCS_URL,
        mode: 'exact',
      },
      close: () => stack.stop(),
    }
  }
  if (spec === 'mock') {
    const specFile = options.spec ?? join(import.meta.dirname, '../../openapi.yaml')
    const operations = operationsOf(bundleSpec(specFile))
    // The integrators' mock (`npm run mock`), in process, with the test hooks: each fixture
    // gets its recorded clock and fresh hourly counters, as against the Worker.
    const mock = await startMock({ spec: loadMockSpec(specFile), testHooks: true })
    return {
      target: { label: 'mock', baseUrl: mock.url, testHooks: true, docsUrl: null, mode: 'mock', operations },
      close: () => mock.stop(),
    }
  }
  const url = new URL(spec)
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`--target must be worker, mock or an http(s) URL, got ${spec}`)
  return {
    target: { label: spec, baseUrl: spec, testHooks: false, docsUrl: null, mode: 'exact' },
    close: async () => {},
  }
}
