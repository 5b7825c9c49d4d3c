// npm run check:generated: everything `npm run generate` writes must be what it would write
// now. Fails, listing the files, when an extracted example in spec/examples/ differs from its
// recorded fixture, or when anything in generated/ or sdk/src/generated/ differs from a fresh
// generation into a temp dir (someone edited the spec, a fixture or wrangler.toml without
// `npm run generate`, or edited a generated file by hand).
//   node scripts/generate/check.ts [--spec openapi.yaml] [--generated generated]
//                                  [--sdk-generated sdk/src/generated] [--fixtures parity/fixtures]
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { parseArgs } from 'node:util'
import { examplesDirOf, extractExamples, staleExamples } from './extract-examples.ts'
import { generateAll, writeGenerated } from './generate-all.ts'
import { repoRoot } from './run-tool.ts'

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort()
}

/** Relative paths that are missing, extra or different in `actualDir` compared with `expectedDir`. */
function differingFiles(expectedDir: string, actualDir: string): string[] {
  const names = new Set([...listFiles(expectedDir), ...listFiles(actualDir)])
  return [...names].sort().filter((name) => {
    const expected = join(expectedDir, name)
    const actual = join(actualDir, name)
    if (!existsSync(expected) || !existsSync(actual)) return true
    return !readFileSync(expected).equals(readFileSync(actual))
  })
}

const { values } = parseArgs({
  options: {
    spec: { type: 'string', default: `${repoRoot}openapi.yaml` },
    generated: { type: 'string', default: `${repoRoot}generated` },
    'sdk-generated': { type: 'string', default: `${repoRoot}sdk/src/generated` },
    fixtures: { type: 'string', default: `${repoRoot}parity/fixtures` },
  },
})
const examplesDir = examplesDirOf(values.spec)
const staleExampleFiles = staleExamples(extractExamples(values.fixtures), examplesDir)
if (staleExampleFiles.length > 0) {
  console.error(
    `${relative(repoRoot, examplesDir) || examplesDir} is out of date with ${relative(repoRoot, values.fixtures) || values.fixtures}; run \`npm run generate\`. Stale examples:`,
  )
  for (const name of staleExampleFiles) console.error(`  ${name}`)
  process.exitCode = 1
}
const fresh = mkdtempSync(join(tmpdir(), 'adv-check-generated-'))
try {
  const trees = await generateAll(values.spec)
  writeGenerated(trees.generated, join(fresh, 'generated'))
  writeGenerated(trees.sdk, join(fresh, 'sdk'))
  const stale = [
    ...differingFiles(join(fresh, 'generated'), values.generated).map((name) => `generated/${name}`),
    ...differingFiles(join(fresh, 'sdk'), values['sdk-generated']).map((name) => `sdk/src/generated/${name}`),
  ]
  if (stale.length > 0) {
    console.error(
      `generated files are out of date with ${relative(repoRoot, values.spec) || values.spec}; run \`npm run generate\`. Differing files:`,
    )
    for (const name of stale) console.error(`  ${name}`)
    process.exitCode = 1
  } else if (staleExampleFiles.length === 0) {
    console.log('generated/, sdk/src/generated/ and the extracted examples are up to date')
  }
} finally {
  rmSync(fresh, { recursive: true, force: true })
}
