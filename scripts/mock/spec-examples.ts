// The spec as the mock reads it: for each GET path, per status and media type, the named
// examples (Redocly-bundled and dereferenced, so examples kept in spec/examples/ are inline).
import { bundleSpec } from '../../parity/lib/contract/spec-operations.ts'

export interface Example {
  name: string
  value: unknown
}

/** status → media type as declared (`application/csv; charset=utf-8`) → its examples. */
export type OperationResponses = Record<string, Record<string, Example[]>>

interface RawMedia {
  example?: unknown
  examples?: Record<string, { value?: unknown }>
}
interface RawDocument {
  paths: Record<string, { get?: { responses?: Record<string, { content?: Record<string, RawMedia> }> } }>
}

export interface MockSpec {
  /** The responses of `GET path` (a path exactly as the spec writes it), if the spec has it. */
  responses(path: string): OperationResponses | undefined
}

function examplesOf(media: RawMedia): Example[] {
  const named = Object.entries(media.examples ?? {}).map(([name, e]) => ({ name, value: e.value }))
  return media.example === undefined ? named : [{ name: 'example', value: media.example }, ...named]
}

export function mockSpecOf(document: RawDocument): MockSpec {
  const byPath = new Map<string, OperationResponses>()
  for (const [path, item] of Object.entries(document.paths)) {
    if (!item.get) continue
    const responses: OperationResponses = {}
    for (const [status, response] of Object.entries(item.get.responses ?? {})) {
      responses[status] = Object.fromEntries(
        Object.entries(response.content ?? {}).map(([type, media]) => [type, examplesOf(media)]),
      )
    }
    byPath.set(path, responses)
  }
  return { responses: (path) => byPath.get(path) }
}

/** Bundles (Redocly) and reads a spec file: the repository's openapi.yaml or a published bundle. */
export function loadMockSpec(specFile: string): MockSpec {
  return mockSpecOf(bundleSpec(specFile) as unknown as RawDocument)
}

export interface ChosenExample {
  /** The declared media type, sent as Content-Type. */
  mediaType: string
  value: unknown
}

/**
 * The example a response serves: in the media type whose type is `wanted` (`application/xml`)
 * or else the first one declared (a 410 is JSON whatever was asked), the example named
 * `name` or else the first.
 */
export function chooseExample(
  media: Record<string, Example[]>,
  wanted: string,
  name?: string,
): ChosenExample | undefined {
  const types = Object.keys(media)
  const mediaType = types.find((t) => t.split(';')[0]!.trim().toLowerCase() === wanted) ?? types[0]
  if (mediaType === undefined) return undefined
  const examples = media[mediaType] ?? []
  const example = examples.find((e) => e.name === name) ?? examples[0]
  return example && { mediaType, value: example.value }
}
