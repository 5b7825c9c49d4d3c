// What `--target mock` can compare against the integrators' mock (scripts/mock/): the
// status (the mock derives it from the request like the API; only what it cannot know, an
// advertiser that is not the account's or an outage, is asked for with `Prefer: code=`),
// the media type, the response against the spec's schema for that operation, and the
// body's structure per format against the recording: JSON field names and their order,
// XML element names and their order, the CSV header and the width of every line. Values
// and the charset parameter are not compared: the mock serves the spec's examples, not
// PHP's bytes.
import { goneBody, GONE_STATUS, JSON_CONTENT_TYPE } from './deviation.ts'
import type { Fixture, ObservedResponse, RecordedRequest, RecordedResponse } from './fixture-types.ts'
import { queryParam, requestFacts } from './request-facts.ts'
import { bodyKind, decodeBody } from '../../src/shadow/body-text.ts'
import { parseCsvRecords } from '../../sdk/src/csv.ts'
import { shapeDiff } from './shape.ts'
import { violations } from './contract/conformance.ts'
import type { SpecOperation } from './contract/spec-operations.ts'
import type { Mismatch } from './verdict-types.ts'

export const MOCK_NOTE =
  'mock: status, media type and body shape (JSON, XML, CSV) compared (values differ by design)'

export const OUT_OF_CONTRACT_NOTE =
  'mock: unknown path or method is outside the spec; the mock must not serve it (404 or 405)'

const mediaType = (contentType: string) => contentType.split(';')[0]?.trim().toLowerCase() ?? ''

/** Statuses the mock cannot derive from the request: it is asked for them. */
export const PREFERRED_STATUSES: readonly number[] = [404, 503, 504]

/** `Prefer: code=` for a recorded status the mock cannot know (an advertiser not the account's). */
export function mockHeaders(response: RecordedResponse): Record<string, string> {
  return PREFERRED_STATUSES.includes(response.status) ? { Prefer: `code=${response.status}` } : {}
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) }
  } catch {
    return { ok: false }
  }
}

interface XmlElement {
  name: string
  children: XmlElement[]
}

/** The element tree of an XML document, names only (the declaration and text are not shape). */
function xmlTree(text: string): XmlElement | null {
  const root: XmlElement = { name: '', children: [] }
  const open: XmlElement[] = [root]
  for (const [, closing, name, selfClosing] of text.matchAll(/<(\/?)([A-Za-z_][\w.-]*)[^>]*?(\/?)>/g)) {
    if (closing) {
      if (open.length > 1) open.pop()
      continue
    }
    const element: XmlElement = { name: name!, children: [] }
    open[open.length - 1]!.children.push(element)
    if (!selfClosing) open.push(element)
  }
  return root.children[0] ?? null
}

/** Children with each run of same-named siblings (a list) kept as its first element. */
const distinctChildren = (element: XmlElement) =>
  element.children.filter((child, i) => element.children[i - 1]?.name !== child.name)

function xmlShapeDiff(expected: XmlElement, actual: XmlElement, path: string): Mismatch | null {
  const where = `${path}/${expected.name}`
  if (expected.name !== actual.name)
    return { field: 'shape', where: path || '/', expected: expected.name, actual: actual.name }
  const e = distinctChildren(expected)
  const a = distinctChildren(actual)
  // An empty list or an empty value in either body: element counts are data, not shape.
  if (e.length === 0 || a.length === 0) return null
  const names = (list: XmlElement[]) => list.map((c) => c.name).join(',')
  if (names(e) !== names(a))
    return { field: 'shape', where, expected: `elements ${names(e)}`, actual: `elements ${names(a)}` }
  for (const [i, child] of e.entries()) {
    const inner = xmlShapeDiff(child, a[i]!, where)
    if (inner) return inner
  }
  return null
}

function xmlShape(expected: Buffer, actual: Buffer): Mismatch | null {
  const e = xmlTree(expected.toString('utf8'))
  const a = xmlTree(actual.toString('utf8'))
  if (!e || !a) {
    return e === a
      ? null
      : {
          field: 'shape',
          where: '/',
          expected: e ? 'an XML document' : 'none',
          actual: a ? 'an XML document' : 'none',
        }
  }
  return xmlShapeDiff(e, a, '')
}

/** The CSV header of both, and every line of the mock's as wide as its header. */
function csvShape(expected: Buffer, actual: Buffer, contentType: string): Mismatch | null {
  let e: string[][]
  let a: string[][]
  try {
    e = parseCsvRecords(decodeBody(expected, contentType))
    a = parseCsvRecords(decodeBody(actual, contentType))
  } catch (error) {
    return {
      field: 'shape',
      where: 'CSV',
      expected: 'CSV as fputcsv writes it',
      actual: (error as Error).message,
    }
  }
  const [eHeader = [], aHeader = []] = [e[0], a[0]]
  // The empty list is two empty lines: no header to compare.
  if (eHeader.length === 0 || aHeader.length === 0) return null
  if (eHeader.join(',') !== aHeader.join(',')) {
    return {
      field: 'shape',
      where: 'CSV row 1',
      expected: `columns ${eHeader.join(',')}`,
      actual: `columns ${aHeader.join(',')}`,
    }
  }
  const ragged = a.findIndex((record, i) => i > 0 && record.length !== aHeader.length)
  return ragged < 0
    ? null
    : {
        field: 'shape',
        where: `CSV row ${ragged + 1}`,
        expected: `${aHeader.length} fields`,
        actual: `${a[ragged]!.length} fields`,
      }
}

export function checkAgainstMock(
  recorded: RecordedResponse,
  observed: ObservedResponse,
  operation?: SpecOperation,
): Mismatch[] {
  const mismatches: Mismatch[] = []
  if (recorded.status !== observed.status) {
    mismatches.push({ field: 'status', expected: String(recorded.status), actual: String(observed.status) })
  }
  if (mediaType(recorded.contentType) !== mediaType(observed.contentType)) {
    mismatches.push({
      field: 'contentType',
      expected: mediaType(recorded.contentType),
      actual: mediaType(observed.contentType),
    })
  }
  if (operation) {
    for (const problem of violations(operation, observed)) {
      mismatches.push({
        field: 'contract',
        expected: `a response ${operation.operationId} declares`,
        actual: problem,
      })
    }
  }
  const kind = bodyKind(recorded.contentType)
  if (bodyKind(observed.contentType) !== kind) return mismatches
  const recordedBody = Buffer.from(recorded.bodyBase64, 'base64')
  if (kind === 'xml' || kind === 'csv') {
    const shape =
      kind === 'xml'
        ? xmlShape(recordedBody, observed.body)
        : csvShape(recordedBody, observed.body, recorded.contentType)
    if (shape) mismatches.push(shape)
    return mismatches
  }
  if (kind !== 'json') return mismatches
  const expected = parseJson(recordedBody)
  const actual = parseJson(observed.body)
  if (!expected.ok || !actual.ok) {
    if (expected.ok !== actual.ok) {
      mismatches.push({
        field: 'shape',
        where: '$',
        expected: expected.ok ? 'JSON' : 'not JSON',
        actual: actual.ok ? 'JSON' : 'not JSON',
      })
    }
    return mismatches
  }
  // Scalar types are the schema's to judge (above): a count is the int 0 or a MySQL string.
  const shape = shapeDiff(expected.value, actual.value, '$', !operation)
  if (shape) mismatches.push(shape)
  return mismatches
}

/** What the contract documents for a fixture: the 410 envelope for a workerDeviation, else the recording. */
export function contractResponse(fixture: Fixture, recorded: RecordedResponse): RecordedResponse {
  if (fixture.workerDeviation !== '410') return recorded
  const body = goneBody('https://api.example.com/docs')
  return {
    status: GONE_STATUS,
    contentType: JSON_CONTENT_TYPE,
    bodyBase64: body.toString('base64'),
    bodyText: body.toString(),
  }
}

/** Requests outside the spec (unknown paths, other methods): the mock must answer them 404 like the API. */
export function outOfContract(request: RecordedRequest): boolean {
  return requestFacts(request).endpoint.startsWith('(')
}

/** The path with empty segments dropped, as the API routes it. */
export function cleanPath(request: RecordedRequest): RecordedRequest {
  const path = `/${request.path
    .split('/')
    .filter((s) => s !== '')
    .join('/')}`
  return path === request.path ? request : { ...request, path }
}

/**
 * What the mock is sent: the recorded request as it is. The mock reads raw paths, `version`
 * and `data_connector` like the API, so nothing is rewritten for it.
 */
export function mockRequest(request: RecordedRequest): RecordedRequest {
  return request
}

/**
 * The spec path whose contract judges the answer: the clean path, or the prefixed path the
 * legacy rules make it equivalent to — `?version=2.0` on a bare path is `/v2.0/…`, and
 * `data_connector=2` gives exactly what `/v2.0/dataconnector` gives.
 */
export function specPathOf(request: RecordedRequest): string {
  const clean = cleanPath(request)
  const value = (name: string) => queryParam(clean.query, name)
  const bare = /^\/[a-z]+$/.exec(clean.path)
  if (bare && value('version') === '2.0') return `/v2.0${clean.path}`
  const dataconnector = /^(?:\/v1\.0)?\/dataconnector$/.exec(clean.path)
  if (dataconnector && (value('data_connector') === '2' || value('version') === '2.0'))
    return '/v2.0/dataconnector'
  return clean.path
}

/** The spec operation whose contract judges the mock's answer to a request. */
export function operationFor(
  operations: readonly SpecOperation[],
  request: RecordedRequest,
): SpecOperation | undefined {
  const path = specPathOf(request)
  return operations.find((o) => o.method === request.method.toUpperCase() && o.path === path)
}

export function checkOutOfContract(observed: ObservedResponse): Mismatch[] {
  return observed.status === 404 || observed.status === 405
    ? []
    : [{ field: 'status', expected: '404 or 405', actual: String(observed.status) }]
}
