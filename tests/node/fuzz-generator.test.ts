// The randomized fuzz's requests: the same for a seed whatever the run, every
// kind of oddity the fuzz promises, and never more uses of a credential in a
// clock window than its hourly limit (so no answer depends on arrival order).
import { describe, expect, it } from 'vitest'
import { EDGE_INSTANTS, WINDOW_SIZE, windowInstants } from '../fuzz/clock.ts'
import { CREDENTIAL_TRAITS, ROWS, type RowName } from '../fuzz/credentials.ts'
import { createGenerator } from '../fuzz/generate.ts'
import { OPERATIONS } from './fuzz-support.ts'

const gen = (seed: number) => createGenerator(seed, OPERATIONS)
const sample = gen(7).requests(0, 3000)
const traits = new Set(sample.flatMap((r) => r.traits))

describe('fuzz request generation', () => {
  it('gives the same requests for a seed, whatever the range asked for', () => {
    expect(gen(7).requests(0, 400)).toEqual(sample.slice(0, 400))
    expect(gen(7).requests(321, 322)).toEqual([sample[321]])
    expect(gen(7).requests(2990, 3000)).toEqual(sample.slice(2990))
  })

  it('gives other requests for another seed', () => {
    const other = gen(8).requests(0, 50)
    expect(other.filter((r, i) => r.target === sample[i]!.target).length).toBeLessThan(10)
  })

  it('sends every credential variant', () => {
    for (const t of CREDENTIAL_TRAITS) expect(traits, t).toContain(`credentials: ${t}`)
  })

  it('spells paths oddly, calls unknown endpoints and uses other methods', () => {
    for (const t of [
      'doubled slashes',
      'trailing slash',
      'percent-encoded slash',
      'prefix in other case',
      'dot segment',
      'backslash',
      'trailing junk',
      'huge path',
    ])
      expect(traits).toContain(`path: ${t}`)
    expect(traits).toContain('unknown endpoint')
    expect(traits).toContain('service route')
    for (const m of ['HEAD', 'POST', 'OPTIONS']) expect(traits).toContain(`method ${m}`)
    expect(sample.some((r) => r.target.startsWith('//') || r.target.includes('//things'))).toBe(true)
  })

  it('repeats parameters, sends them as arrays and under mangled names, and breaks their values', () => {
    for (const t of [
      'repeated parameter',
      'name: array',
      'name: keyed array',
      'name: dot or space for underscore',
      'name: percent-encoded name',
      'value: broken percent-encoding',
      'value: huge value',
      'value: unicode',
      'dates at range edges',
      'odd separators',
    ])
      expect(traits).toContain(t)
    const targets = sample.map((r) => r.target)
    expect(targets.some((t) => /[?&](from|to|format|advertiser_id)\[\]=/.test(t))).toBe(true)
    expect(targets.some((t) => /advertiser_id\[[^\]]*\]=/.test(t))).toBe(true)
    expect(targets.some((t) => /%(Z|E9|C3(?![0-9A-F]))/.test(t))).toBe(true)
    expect(targets.some((t) => t.length >= 64 * 1024)).toBe(true)
    expect(
      sample.some((r) => r.headers.some(([, v]) => typeof v === 'string' && v.length >= 10 * 1024)),
    ).toBe(true)
  })

  it('only writes request targets node:http can send as they are', () => {
    for (const r of sample) expect(r.target, r.target.slice(0, 80)).toMatch(/^[\u0021-\u00ff]+$/)
  })

  it('spends no credential beyond its hourly limit within a clock window', () => {
    const spent = new Map<string, number>()
    for (const r of sample) {
      for (const [name, row] of Object.entries(ROWS) as [RowName, (typeof ROWS)[RowName]][]) {
        const values = r.headers.flatMap(([, v]) => (Array.isArray(v) ? v : [v])).map((v) => v.trim())
        if (values.includes(row.apiKey) && values.includes(row.integrationKey)) {
          const key = `${r.window}:${name}`
          spent.set(key, (spent.get(key) ?? 0) + 1)
          expect(spent.get(key), key).toBeLessThanOrEqual(row.rph)
        }
      }
    }
    expect(Math.max(...[...spent].filter(([k]) => k.endsWith(':rl3')).map(([, n]) => n))).toBe(ROWS.rl3.rph)
  })

  it('pins every window to a clock hour of its own, the edge instants first', () => {
    const instants = windowInstants(7, 80)
    expect(new Set(instants.map((i) => i.slice(0, 13))).size).toBe(80)
    expect(new Set(instants.slice(0, EDGE_INSTANTS.length))).toEqual(new Set(EDGE_INSTANTS))
    expect(windowInstants(7, 10)).toEqual(instants.slice(0, 10))
    expect(sample[WINDOW_SIZE]!.window).toBe(1)
  })
})
