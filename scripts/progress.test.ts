import { describe, expect, it } from 'vitest'
import { createProgress, type ProgressStream } from './progress.ts'

function stream(isTTY: boolean): ProgressStream & { text: string } {
  const s = { text: '', isTTY, write: (t: string) => (s.text += t) }
  return s
}

describe('createProgress', () => {
  it('in a log, prints one line per tenth of the work, however many updates come', () => {
    const out = stream(false)
    const progress = createProgress('parity', out)
    for (let done = 0; done <= 131; done++) progress.update(done / 131, `${done}/131 cases`)
    progress.finish()
    const lines = out.text.trimEnd().split('\n')
    expect(lines).toHaveLength(11)
    expect(lines[0]).toBe('parity: 0% (0/131 cases)')
    expect(lines[1]).toBe('parity: 10% (14/131 cases)')
    expect(lines.at(-1)).toBe('parity: 100% (131/131 cases)')
  })

  it('on a terminal, redraws one line in place on every whole percent and ends it with a newline', () => {
    const out = stream(true)
    const progress = createProgress('load', out)
    progress.update(0.5, 'a')
    progress.update(0.501, 'b')
    progress.update(0.51, 'c')
    progress.finish()
    expect(out.text).toBe('\r\x1b[Kload: 50% (a)\r\x1b[Kload: 51% (c)\n')
  })

  it('clears the line for other output and redraws it at the next update', () => {
    const out = stream(true)
    const progress = createProgress('parity', out)
    progress.update(0.2, 'x')
    progress.interrupt()
    progress.update(0.2, 'y')
    expect(out.text).toBe('\r\x1b[Kparity: 20% (x)\r\x1b[K\r\x1b[Kparity: 20% (y)')
  })

  it('clamps fractions outside 0…1', () => {
    const out = stream(false)
    const progress = createProgress('load', out)
    progress.update(-1, 'before')
    progress.update(1.7, 'after')
    expect(out.text).toBe('load: 0% (before)\nload: 100% (after)\n')
  })

  it('writes nothing extra in a log when finished', () => {
    const out = stream(false)
    createProgress('load', out).finish()
    expect(out.text).toBe('')
  })
})
