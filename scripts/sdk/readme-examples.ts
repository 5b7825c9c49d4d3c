// The SDK README's runnable examples: each fenced code block right after a
// `<!-- smoke:<id> -->` comment (invisible where the README is rendered). The smoke run
// executes exactly these, so the README cannot show code that does not work.
export interface ReadmeExample {
  id: string
  code: string
}

const MARKED_BLOCK = /<!--\s*smoke:([\w-]+)\s*-->\s*\n```(?:ts|typescript)\n([\s\S]*?)\n```/g

export function readmeExamples(markdown: string): ReadmeExample[] {
  const examples: ReadmeExample[] = []
  for (const [, id, code] of markdown.matchAll(MARKED_BLOCK)) {
    if (examples.some((e) => e.id === id)) throw new Error(`README: two examples are marked smoke:${id}`)
    examples.push({ id: id!, code: code! })
  }
  const markers = [...markdown.matchAll(/<!--\s*smoke:([\w-]+)\s*-->/g)].map((m) => m[1])
  const unattached = markers.filter((id) => !examples.some((e) => e.id === id))
  if (unattached.length > 0) {
    throw new Error(`README: smoke:${unattached.join(', smoke:')} is not followed by a \`\`\`ts block`)
  }
  return examples
}
