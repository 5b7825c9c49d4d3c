// npm run generate: openapi.yaml → generated/ and sdk/src/generated/.
//   node scripts/generate/index.ts [--spec openapi.yaml] [--out generated] [--sdk-out sdk/src/generated]
import { parseArgs } from 'node:util'
import { generateAll, writeGenerated } from './generate-all.ts'
import { repoRoot } from './run-tool.ts'

const { values } = parseArgs({
  options: {
    spec: { type: 'string', default: `${repoRoot}openapi.yaml` },
    out: { type: 'string', default: `${repoRoot}generated` },
    'sdk-out': { type: 'string', default: `${repoRoot}sdk/src/generated` },
  },
})
const trees = await generateAll(values.spec)
writeGenerated(trees.generated, values.out)
writeGenerated(trees.sdk, values['sdk-out'])
console.log(
  `generated ${Object.keys(trees.generated).length} files into ${values.out} and ${Object.keys(trees.sdk).length} into ${values['sdk-out']}`,
)
