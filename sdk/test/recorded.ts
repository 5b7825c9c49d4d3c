// The recorded legacy answers (parity/fixtures) as Responses, so the SDK's tests read the
// API's real bytes: UTF-16LE CSV, the XML declaration, PHP's JSON escaping.
import { fileURLToPath } from 'node:url'
import { loadFixtures } from '../../parity/lib/fixtures.ts'
import type { FixtureStep } from '../../parity/lib/fixture-types.ts'

const { fixtures } = loadFixtures(fileURLToPath(new URL('../../parity/fixtures/', import.meta.url)))

export interface RecordedStep extends FixtureStep {
  fixture: string
  body: Uint8Array
}

/** Every recorded step, with its body decoded from base64. */
export const recordedSteps: RecordedStep[] = fixtures.flatMap((fixture) =>
  fixture.workerDeviation
    ? []
    : fixture.steps.map((step) => ({
        ...step,
        fixture: fixture.name,
        body: new Uint8Array(Buffer.from(step.response.bodyBase64, 'base64')),
      })),
)

export function recorded(fixture: string, index = 0): RecordedStep {
  const step = recordedSteps.filter((s) => s.fixture === fixture)[index]
  if (!step) throw new Error(`no recorded step ${fixture}#${index}`)
  return step
}

/** The recorded answer as a fetch Response, with extra headers (request id, rate limit). */
export function responseOf(step: RecordedStep, headers: Record<string, string> = {}): Response {
  return new Response(step.body.slice(), {
    status: step.response.status,
    headers: { 'Content-Type': step.response.contentType, ...headers },
  })
}

/** A stream that hands out `bytes` in the given chunk sizes (the rest in one last chunk). */
export function chunkedStream(bytes: Uint8Array, sizes: number[]): ReadableStream<Uint8Array> {
  const chunks: Uint8Array[] = []
  let at = 0
  for (const size of sizes) {
    if (at >= bytes.length) break
    chunks.push(bytes.slice(at, at + size))
    at += size
  }
  if (at < bytes.length) chunks.push(bytes.slice(at))
  return new ReadableStream({
    pull(controller) {
      const next = chunks.shift()
      if (next) controller.enqueue(next)
      else controller.close()
    },
  })
}

export const utf16le = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'utf16le'))
