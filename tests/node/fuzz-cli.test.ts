// `npm run fuzz` arguments: bounded defaults, and a clear error (exit 2) for
// anything it cannot use, before it starts anything.
import { describe, expect, it } from 'vitest'
import { main, parseCli } from '../fuzz/cli.ts'

describe('npm run fuzz arguments', () => {
  it('defaults to a bounded run against a local stack it starts', () => {
    expect(parseCli([])).toMatchObject({
      requests: 1000,
      seed: 1,
      target: 'local',
      reference: null,
      concurrency: 2,
      timeoutMs: 15_000,
      maxSeconds: 900,
      resetReferenceLimits: false,
    })
  })

  it('reads every flag', () => {
    const o = parseCli(
      '--requests 10000 --seed 7 --target http://127.0.0.1:8840/ --reference http://127.0.0.1:8841 --concurrency 3 --timeout-ms 5000 --max-seconds 60 --only 4,9 --report r.json --findings f --data demo --reset-reference-limits'.split(
        ' ',
      ),
    )
    expect(o).toMatchObject({
      requests: 10_000,
      seed: 7,
      target: 'http://127.0.0.1:8840',
      reference: 'http://127.0.0.1:8841',
      concurrency: 3,
      timeoutMs: 5000,
      maxSeconds: 60,
      only: [4, 9],
      report: 'r.json',
      findings: 'f',
      data: 'demo',
      resetReferenceLimits: true,
    })
  })

  it.each([
    ['--requests', '0', /--requests must be an integer ≥ 1/],
    ['--seed', 'x', /--seed must be an integer ≥ 0/],
    ['--target', 'ftp://h', /--target must be an http:\/\/ URL/],
    ['--reference', 'not a url', /--reference must be an http:\/\/ URL/],
    ['--timeout-ms', '5', /--timeout-ms must be an integer ≥ 100/],
    ['--bogus', '1', /Unknown option '--bogus'/],
  ])('refuses %s %s', (flag, value, message) => {
    expect(() => parseCli([flag, value])).toThrow(message)
  })

  it('exits 2 on bad arguments and on --reset-reference-limits without a reference', async () => {
    expect(await main(['--requests', '-1'])).toBe(2)
    expect(await main(['--target', 'http://127.0.0.1:9', '--reset-reference-limits'])).toBe(2)
  })
})
