// Every recorded PHP body the renderers can reproduce, byte for byte:
//   - each JSON body, parsed back into the PHP value and re-encoded;
//   - each XML/CSV body whose request also exists with a JSON answer,
//     rendered from the value parsed out of that JSON sibling;
//   - each XML/CSV error body, rendered from the legacy error envelope;
//   - each other XML/CSV body, read back into strings and re-rendered.
import { describe, expect, it } from 'vitest'
import { recordedFixtureSteps } from '../../../parity/lib/fixtures.ts'
import { requestKeyWithoutFormat, utf8, type RecordedStep } from '../../../parity/lib/recorded-steps.ts'
import { DeviationMessage, LegacyMessage, rateLimitMessage } from '../../../src/domain/legacy-error.ts'
import { renderBody } from '../../../src/render/body.ts'
import { encodeJson } from '../../../src/render/json.ts'
import type { PhpValue } from '../../../src/render/php-value.ts'
import { readCsvTable, readXmlBody } from '../../support/render/legacy-body-readers.ts'
import { parsePhpJson } from '../../support/render/php-json-parser.ts'

const steps = recordedFixtureSteps().filter((s) => s.workerDeviation === undefined)
const jsonSteps = steps.filter((s) => s.format === 'json')
const formatOf = (s: RecordedStep) => (s.format === 'xml' || s.format === 'csv' ? s.format : undefined)
const render = renderBody

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

describe('the legacy messages', () => {
  it('keep the Worker’s own deviations apart from what PHP said', () => {
    const legacy = new Set<string>(Object.values(LegacyMessage))
    for (const message of Object.values(DeviationMessage)) expect(legacy.has(message)).toBe(false)
  })
})

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
