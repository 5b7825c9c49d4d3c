// The body sink the renderers write into: text encoded as it is written
// (UTF-8 for JSON and XML, UTF-16LE for CSV), handed over in chunks at the
// renderer's boundaries. Whatever is written must come out as the encoders
// of the platform would write it, at any fill level of the buffer.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { BodySink, CHUNK_BYTES } from '../../../src/render/sink.ts'
import { concatBytes, utf16le } from '../../support/bytes.ts'

/** Runs `write` in a sink and collects every chunk it hands over. */
async function sinkBytes(write: (out: BodySink) => Promise<void> | void): Promise<{ chunks: Uint8Array[] }> {
  const sink = new BodySink(async (out) => {
    await write(out)
  })
  const chunks: Uint8Array[] = []
  for (;;) {
    const step = await sink.next()
    chunks.push(step.bytes)
    if (step.done) return { chunks }
  }
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')
const utf8 = (text: string) => new TextEncoder().encode(text)
const text = fc.string({ unit: 'grapheme', maxLength: 300 })

describe('BodySink', () => {
  it('writes text as UTF-8 exactly as TextEncoder does, whatever is already in the buffer', async () => {
    // ASCII padding puts each piece at any fill level of the (growing) buffer.
    const piece = fc.tuple(fc.nat(12_000), fc.string({ unit: 'grapheme', maxLength: 2_000 }))
    await fc.assert(
      fc.asyncProperty(fc.array(piece, { maxLength: 6 }), async (pieces) => {
        const { chunks } = await sinkBytes((out) => {
          for (const [pad, piece] of pieces) {
            out.ascii('p'.repeat(pad))
            out.utf8(piece)
          }
        })
        const expected = pieces.map(([pad, piece]) => 'p'.repeat(pad) + piece).join('')
        expect(hex(concatBytes(chunks))).toBe(hex(utf8(expected)))
      }),
    )
  })

  it('writes non-ASCII text followed by ASCII into a nearly full buffer without losing a byte', async () => {
    const piece = 'é'.repeat(3_000) + 'a'.repeat(3_000)
    const { chunks } = await sinkBytes((out) => out.utf8(piece))
    expect(hex(concatBytes(chunks))).toBe(hex(utf8(piece)))
  })

  it('writes text as UTF-16LE code units, surrogate pairs as pairs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(text, { maxLength: 40 }), async (pieces) => {
        const { chunks } = await sinkBytes((out) => {
          for (const piece of pieces) out.utf16(piece)
        })
        expect(hex(concatBytes(chunks))).toBe(hex(utf16le(pieces.join(''))))
      }),
    )
  })

  it('mixes ascii(), byte() and utf8() in order', async () => {
    const { chunks } = await sinkBytes((out) => {
      out.ascii('<a>')
      out.utf8('Café 🎯')
      out.byte(0x0a)
    })
    expect(hex(concatBytes(chunks))).toBe(hex(utf8('<a>Café 🎯\n')))
  })

  it('hands over a chunk at a boundary once CHUNK_BYTES are written, and everything else at the end', async () => {
    const row = 'x'.repeat(1_000)
    const { chunks } = await sinkBytes(async (out) => {
      for (let i = 0; i < 300; i++) {
        out.ascii(row)
        await out.boundary()
      }
    })
    expect(chunks.length).toBeGreaterThan(2)
    for (const chunk of chunks.slice(0, -1)) expect(chunk.byteLength).toBeGreaterThanOrEqual(CHUNK_BYTES)
    expect(concatBytes(chunks).byteLength).toBe(300_000)
  })

  it('keeps a body that never reaches a full chunk whole, as one final chunk', async () => {
    const { chunks } = await sinkBytes(async (out) => {
      out.ascii('{"status":true}')
      await out.boundary()
    })
    expect(chunks.map((c) => new TextDecoder().decode(c))).toEqual(['{"status":true}'])
  })

  it('passes a renderer’s failure to the reader', async () => {
    const sink = new BodySink(async () => {
      throw new Error('query failed')
    })
    await expect(sink.next()).rejects.toThrow('query failed')
  })
})
