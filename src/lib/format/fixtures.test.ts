// Every recorded PHP body the renderers can reproduce, byte for byte:
//   - each JSON body, parsed back into the PHP value and re-encoded;
//   - each XML/CSV body whose request also exists with a JSON answer,
//     rendered from the value parsed out of that JSON sibling;
//   - each XML/CSV error body, rendered from the legacy error envelope;
//   - each other XML/CSV body, read back into strings and re-rendered.
import { describe, expect, it } from 'vitest'
import { LegacyMessage, rateLimitMessage } from '../errors.ts'
import { render, type Format } from './index.ts'
import { encodeJson } from './json.ts'
import type { PhpValue } from './php-value.ts'
import { parsePhpJson } from './testing/php-json-parser.ts'
import { readCsvTable, readXmlBody } from './testing/legacy-body-readers.ts'
import {
  isJsonStep,
  recordedSteps,
  requestKeyWithoutFormat,
  utf8,
  type RecordedStep,
} from './testing/fixtures.ts'

const steps = recordedSteps().filter((s) => s.workerDeviation === undefined)
const jsonSteps = steps.filter(isJsonStep)
const formatOf = (s: RecordedStep): Format | undefined =>
  s.contentType.startsWith('application/xml')
    ? 'xml'
    : s.contentType.startsWith('application/csv')
      ? 'csv'
      : undefined

const jsonByRequest = new Map<string, PhpValue>()
for (const s of jsonSteps) jsonByRequest.set(requestKeyWithoutFormat(s), parsePhpJson(utf8(s.body)))

const otherFormats = steps.filter((s) => formatOf(s) !== undefined)
const withJsonSibling = otherFormats.filter((s) => jsonByRequest.has(requestKeyWithoutFormat(s)))
const errorsWithoutSibling = otherFormats.filter(
  (s) => s.status >= 400 && !jsonByRequest.has(requestKeyWithoutFormat(s)),
)
const dataWithoutSibling = otherFormats.filter(
  (s) => s.status < 400 && !jsonByRequest.has(requestKeyWithoutFormat(s)),
)

const utf16 = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf16le')

// Every legacy error message (the 429 one with the fixtures' row limits).
const ERROR_MESSAGES = [...Object.values(LegacyMessage), ...[3, 200].map(rateLimitMessage)]

describe('recorded JSON bodies', () => {
  it('covers every JSON fixture step', () => {
    expect(jsonSteps.length).toBeGreaterThanOrEqual(80)
  })

  it.each(jsonSteps.map((s) => [s.id, s] as const))('re-encodes %s byte for byte', async (_id, step) => {
    const value = parsePhpJson(utf8(step.body))
    expect(encodeJson(value)).toBe(utf8(step.body))
    expect(await render('json', value)).toEqual(step.body)
  })
})

describe('recorded XML and CSV bodies rendered from their JSON sibling', () => {
  it('finds a JSON sibling for the format pairs', () => {
    expect(withJsonSibling.length).toBeGreaterThanOrEqual(20)
  })

  it.each(withJsonSibling.map((s) => [s.id, s] as const))('renders %s byte for byte', async (_id, step) => {
    const value = jsonByRequest.get(requestKeyWithoutFormat(step))!
    const body = await render(formatOf(step)!, value)
    expect(Buffer.from(body).toString('hex')).toBe(Buffer.from(step.body).toString('hex'))
  })
})

describe('recorded XML and CSV error bodies', () => {
  it.each(errorsWithoutSibling.map((s) => [s.id, s] as const))(
    'renders %s from a legacy error envelope',
    async (_id, step) => {
      const renderings = await Promise.all(
        ERROR_MESSAGES.map(async (error) =>
          Buffer.from(await render(formatOf(step)!, { status: false, error })).toString('hex'),
        ),
      )
      expect(renderings).toContain(Buffer.from(step.body).toString('hex'))
    },
  )
})

describe('recorded XML and CSV bodies without a JSON sibling', () => {
  it.each(dataWithoutSibling.map((s) => [s.id, s] as const))(
    're-renders %s from the strings it holds',
    async (_id, step) => {
      const format = formatOf(step)!
      const value = format === 'xml' ? readXmlBody(utf8(step.body)) : readCsvTable(utf16(step.body))
      expect(Buffer.from(await render(format, value)).toString('hex')).toBe(
        Buffer.from(step.body).toString('hex'),
      )
    },
  )
})
