// npm run generate: openapi.yaml → generated/.
//   node scripts/generate/index.ts [--spec openapi.yaml] [--out generated]
import { parseArgs } from 'node:util'
import { generateAll, writeGenerated } from './generate-all.ts'
import { repoRoot } from './run-tool.ts'

const { values } = parseArgs({
  options: {
    spec: { type: 'string', default: `${repoRoot}openapi.yaml` },
    out: { type: 'string', default: `${repoRoot}generated` },
  },
})
const files = await generateAll(values.spec)
writeGenerated(files, values.out)
console.log(`generated ${Object.keys(files).length} files into ${values.out}`)
