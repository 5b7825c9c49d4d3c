// Rendering happens here and only here: a PHP value plus a status become the
// legacy bytes in the requested format, with the legacy content type.
// Streamed values (lazy lists) go out as a ReadableStream so a large
// dataconnector response starts at once and never sits whole in memory.
import type { Context } from 'hono'
import type { AppEnv } from './context.ts'
import { contentType, renderChunks } from './format/index.ts'
import type { PhpValue } from './format/php-value.ts'

function toStream(
  chunks: AsyncIterable<Uint8Array>,
  onError: (err: unknown) => void,
  onComplete: () => void,
): ReadableStream<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await iterator.next()
        if (done) {
          controller.close()
          onComplete()
        } else {
          controller.enqueue(value)
        }
      } catch (err) {
        onError(err)
        onComplete()
        controller.error(err)
      }
    },
    async cancel() {
      await iterator.return?.()
      onComplete()
    },
  })
}

export interface RespondOptions {
  headers?: Record<string, string>
  /** Runs once the whole body has been produced (or failed): e.g. closing the request's DB connections. */
  onComplete?: () => void
}

/**
 * The response for a PHP value. The first chunk is produced before the
 * status is committed, so a failure that happens before any byte (a query
 * that cannot run) still becomes a proper error response.
 */
export async function respond(
  c: Context<AppEnv>,
  status: number,
  value: PhpValue,
  { headers: extraHeaders = {}, onComplete = () => {} }: RespondOptions = {},
): Promise<Response> {
  const state = c.get('state')
  const headers = new Headers({
    'Content-Type': contentType(state.format),
    'X-Request-Id': state.requestId,
    ...state.rateLimitHeaders,
    ...extraHeaders,
  })
  const chunks = renderChunks(state.format, value)[Symbol.asyncIterator]()
  let first: IteratorResult<Uint8Array>
  let second: IteratorResult<Uint8Array>
  try {
    first = await chunks.next()
    second = first.done ? first : await chunks.next()
  } catch (err) {
    onComplete()
    throw err
  }
  if (first.done || second.done) {
    onComplete()
    return new Response(first.done ? new Uint8Array(0) : first.value, { status, headers })
  }

  async function* remaining(): AsyncGenerator<Uint8Array> {
    yield first.value as Uint8Array
    yield second.value as Uint8Array
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value
  }
  const body = toStream(
    remaining(),
    (err) =>
      state.log.error('response.stream_failed', {
        message: err instanceof Error ? err.message : String(err),
      }),
    onComplete,
  )
  return new Response(body, { status, headers })
}
