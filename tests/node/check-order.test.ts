// The order of the checks is published twice in openapi.yaml: in the prose
// of "Errors" and, as data, in info.x-check-order. The two must agree. (That
// the data is the pipeline's CHECK_ORDER, and that the steps really run in
// it, is tests/worker/check-order.test.ts: the Worker's modules are typed for
// workerd only.)
import { readFileSync } from 'node:fs'
import { load } from 'js-yaml'
import { describe, expect, it } from 'vitest'

interface Spec {
  info: { description: string; 'x-check-order': Array<{ check: string; status: number }> }
}
const spec = load(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8')) as Spec
const prose = spec.info.description.replace(/\s+/g, ' ')
const ORDER = spec.info['x-check-order']

describe('the order of the checks in the spec', () => {
  it('is a list of checks, each with the status it answers', () => {
    expect(ORDER.length).toBeGreaterThanOrEqual(6)
    for (const entry of ORDER) expect(Object.keys(entry).sort()).toEqual(['check', 'status'])
  })

  it('is the order of the statuses in the spec’s prose', () => {
    const sentence = /Checks run in this order and the first failure answers: (.*?), then the data\./.exec(
      prose,
    )
    expect(sentence, 'the "Checks run in this order" sentence').not.toBeNull()
    const statuses = [...sentence![1]!.matchAll(/\((\d{3})\b/g)].map((m) => Number(m[1]))
    expect(statuses).toEqual(ORDER.map((c) => c.status))
  })

  it('names the checks in the prose as the data does', () => {
    const names = /`info\.x-check-order`: each check's name and the status it answers \(([^)]*)\)/.exec(prose)
    expect(names, 'the sentence naming x-check-order').not.toBeNull()
    expect([...names![1]!.matchAll(/`([a-z-]+)`/g)].map((m) => m[1])).toEqual(ORDER.map((c) => c.check))
  })
})
