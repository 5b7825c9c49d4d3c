import { afterEach, describe, expect, it, vi } from 'vitest'
import { stripAnsi, WranglerErrorBlocks } from './wrangler-errors.ts'

// What wrangler 4 printed for a syntax error in src/ (colour codes included), between its binding table and nothing.
const OUTPUT = [
  'env.HANDLER_DATACONNECTOR_ENABLED ("true")                                          Environment Variable      local',
  '\x1b[31m✘ \x1b[41;31m[\x1b[41;97mERROR\x1b[41;31m]\x1b[0m \x1b[1mBuild failed with 1 error:\x1b[0m',
  '',
  '  \x1b[31m✘ \x1b[41;31m[\x1b[41;97mERROR\x1b[41;31m]\x1b[0m \x1b[1mUnexpected ";"\x1b[0m',
  '  ',
  '      src/lib/clock.ts:30:22:',
  '\x1b[37m      30 │ export const broken = \x1b[32m;\x1b[37m',
  '         ╵                       \x1b[32m^\x1b[0m',
  '',
  '',
].join('\n')

const BLOCK = [
  '✘ [ERROR] Build failed with 1 error:',
  '',
  '  ✘ [ERROR] Unexpected ";"',
  '  ',
  '      src/lib/clock.ts:30:22:',
  '      30 │ export const broken = ;',
  '         ╵                       ^',
].join('\n')

describe('WranglerErrorBlocks', () => {
  afterEach(() => vi.useRealTimers())

  it('picks the whole error block out of the output, as plain text, however the chunks are cut', () => {
    for (const size of [1, 7, 64, OUTPUT.length]) {
      const blocks: string[] = []
      const reader = new WranglerErrorBlocks((b) => blocks.push(b))
      for (let at = 0; at < OUTPUT.length; at += size) reader.push(OUTPUT.slice(at, at + size))
      reader.flush()
      expect(blocks, `chunks of ${size}`).toEqual([BLOCK])
    }
  })

  it('ends a block at the next unindented line', () => {
    const blocks: string[] = []
    const reader = new WranglerErrorBlocks((b) => blocks.push(b))
    reader.push('✘ [ERROR] Address already in use (127.0.0.1:8787).\n\n🪵  Logs were written to "x.log"\n')
    expect(blocks).toEqual(['✘ [ERROR] Address already in use (127.0.0.1:8787).'])
    reader.push('[wrangler:info] Ready on http://127.0.0.1:8787\n✘ [ERROR] second\n')
    reader.flush()
    expect(blocks).toEqual(['✘ [ERROR] Address already in use (127.0.0.1:8787).', '✘ [ERROR] second'])
  })

  it('ends a block once wrangler has been quiet (it prints nothing more after a failed build)', () => {
    vi.useFakeTimers()
    const blocks: string[] = []
    const reader = new WranglerErrorBlocks((b) => blocks.push(b), 250)
    reader.push(OUTPUT)
    vi.advanceTimersByTime(249)
    expect(blocks).toEqual([])
    vi.advanceTimersByTime(1)
    expect(blocks).toEqual([BLOCK])
  })

  it('passes nothing on from output without errors', () => {
    const blocks: string[] = []
    const reader = new WranglerErrorBlocks((b) => blocks.push(b))
    reader.push('⛅️ wrangler 4.164.0\n  indented but not an error\n▲ [WARNING] a warning\n')
    reader.flush()
    expect(blocks).toEqual([])
  })

  it('strips colour codes', () => {
    expect(stripAnsi('\x1b[31m✘ \x1b[41;31m[\x1b[41;97mERROR\x1b[41;31m]\x1b[0m x')).toBe('✘ [ERROR] x')
  })
})
