// The smoke run executes exactly the README blocks marked for it, and notices a marker that
// lost its block.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { readmeExamples } from './readme-examples.ts'
import { README_CHECKS, SETUP_EXAMPLE } from './smoke-checks.ts'

describe('readmeExamples', () => {
  it('takes the ts block right after each smoke marker, and nothing else', () => {
    const md = [
      '```ts\nnot run()\n```',
      '<!-- smoke:one -->\n```ts\nconst a = 1\n```',
      '<!-- smoke:two -->\n```typescript\nconst b = 2\nconsole.log(b)\n```',
    ].join('\n\n')
    expect(readmeExamples(md)).toEqual([
      { id: 'one', code: 'const a = 1' },
      { id: 'two', code: 'const b = 2\nconsole.log(b)' },
    ])
  })

  it('fails on a marker without its block, and on a duplicate id', () => {
    expect(() => readmeExamples('<!-- smoke:lost -->\nsome text\n')).toThrow(/smoke:lost/)
    expect(() => readmeExamples('<!-- smoke:a -->\n```ts\n1\n```\n<!-- smoke:a -->\n```ts\n2\n```')).toThrow(
      /two/,
    )
  })

  it('finds in the SDK README the setup and one example for every smoke check', () => {
    const ids = readmeExamples(readFileSync(new URL('../../sdk/README.md', import.meta.url), 'utf8')).map(
      (e) => e.id,
    )
    expect(ids.sort()).toEqual([SETUP_EXAMPLE, ...Object.keys(README_CHECKS)].sort())
  })
})
