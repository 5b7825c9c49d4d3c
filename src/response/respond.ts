// Rendering happens here and only here: a described answer (status, format,
// PHP value, headers) becomes the legacy bytes with the legacy content type.
// The first chunk is rendered before the status is committed, so a failure
// before any byte (a query that cannot run) still becomes a proper error
// response; a body that fits one chunk goes out whole, anything longer as a
// stream that never holds more than a chunk or two.
import { errorMessage, type Logger } from '@adventive/worker-kit/logger'
import type { LegacyError } from '../domain/legacy-error.ts'
import type { ResponseFormat } from '../domain/vocabulary.ts'
import { contentType, openBody, type BodyReader } from '../render/body.ts'
import type { PhpValue } from '../render/php-value.ts'
import type { LegacyRequest } from '../request/legacy-request.ts'

export interface ResponseDescription {
  status: number
  /** The format the body renders in (php/serialized requests render their errors as json). */
  format: ResponseFormat
  body: PhpValue
  headers: Readonly<Record<string, string>>
  /**
   * Runs once, when the body is complete, has failed mid-stream or the client
   * went away (closing connections). Not run when respond() itself throws
   * (the first chunk failed): the caller answers with an error instead.
   */
  onDone?: (end: BodyEnd) => void
}

/** The answer to a failed request: the error's envelope in the request's format, its id, `headers`, then the error's own headers. */
export function errorDescription(
  request: Pick<LegacyRequest, 'format' | 'requestId'>,
  error: LegacyError,
  headers: Readonly<Record<string, string>> = {},
): ResponseDescription {
  return {
    status: error.status,
    format: request.format,
    body: error.envelope(),
    headers: { 'X-Request-Id': request.requestId, ...headers, ...error.headers },
  }
}

/** How a body ended: sent whole, broken off by a failure (the client sees a broken transfer), or dropped by the client. */
export type BodyEnd = 'complete' | 'broken' | 'cancelled'

/** Bytes the stream may hold ahead of the client (about two chunks). */
const STREAM_HIGH_WATER_BYTES = 128 * 1024

function streamRest(
  reader: BodyReader,
  first: Uint8Array,
  log: Logger,
  done: (end: BodyEnd) => void,
): ReadableStream<Uint8Array> {
  let sentFirst = false
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (!sentFirst) {
          sentFirst = true
          controller.enqueue(first)
          return
        }
        try {
          const { bytes, done: last } = await reader.next()
          if (bytes.byteLength > 0) controller.enqueue(bytes)
          if (last) {
            controller.close()
            done('complete')
          }
        } catch (err) {
          // The status is out already: the client sees a broken transfer, never a clean short body.
          log.error('response.stream_failed', { message: errorMessage(err) })
          reader.cancel()
          done('broken')
          controller.error(err)
        }
      },
      cancel() {
        // The client went away: stop the queries and release the connections now.
        log.info('response.cancelled')
        reader.cancel()
        done('cancelled')
      },
    },
    { highWaterMark: STREAM_HIGH_WATER_BYTES, size: (chunk) => chunk.byteLength },
  )
}

export async function respond(description: ResponseDescription, log: Logger): Promise<Response> {
  let finished = false
  const done = (end: BodyEnd) => {
    if (finished) return
    finished = true
    description.onDone?.(end)
  }
  const headers = new Headers(description.headers)
  headers.set('Content-Type', contentType(description.format))
  const reader = openBody(description.format, description.body)
  let first: { bytes: Uint8Array; done: boolean }
  try {
    first = await reader.next()
  } catch (err) {
    reader.cancel()
    throw err
  }
  if (first.done) {
    done('complete')
    return new Response(first.bytes, { status: description.status, headers })
  }
  return new Response(streamRest(reader, first.bytes, log, done), { status: description.status, headers })
}
