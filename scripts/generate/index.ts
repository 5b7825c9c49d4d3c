// npm run generate: parity/fixtures → spec/examples (the extracted examples), then
// openapi.yaml (+ wrangler.toml for the runtime types) → generated/ and sdk/src/generated/.
//   node scripts/generate/index.ts [--spec openapi.yaml] [--out generated] [--sdk-out sdk/src/generated]
//                                  [--fixtures parity/fixtures]
import { parseArgs } from 'node:util'
import { examplesDirOf, extractExamples, writeExamples } from './extract-examples.ts'
import { generateAll, writeGenerated } from './generate-all.ts'
import { repoRoot } from './run-tool.ts'

const { values } = parseArgs({
  options: {
    spec: { type: 'string', default: `${repoRoot}openapi.yaml` },
    out: { type: 'string', default: `${repoRoot}generated` },
    'sdk-out': { type: 'string', default: `${repoRoot}sdk/src/generated` },
    fixtures: { type: 'string', default: `${repoRoot}parity/fixtures` },
  },
})
const examples = extractExamples(values.fixtures)
writeExamples(examples, examplesDirOf(values.spec))
const trees = await generateAll(values.spec)
writeGenerated(trees.generated, values.out)
writeGenerated(trees.sdk, values['sdk-out'])
console.log(
  `extracted ${Object.keys(examples).length} examples into ${examplesDirOf(values.spec)}; generated ${Object.keys(trees.generated).length} files into ${values.out} and ${Object.keys(trees.sdk).length} into ${values['sdk-out']}`,
)
