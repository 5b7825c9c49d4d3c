// After `tsc`: the sources import siblings as `./x.ts` (so Node and vitest run them as they
// are), and tsc rewrites those to `./x.js` in the JavaScript it emits but not in the .d.ts
// files. Rewrite them there too, so every TypeScript version a partner uses resolves them.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const dist = join(import.meta.dirname, '../dist')
const RELATIVE_TS = /(from\s+|import\s*\(\s*)(['"])(\.{1,2}\/[^'"]+)\.ts\2/g

for (const entry of readdirSync(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue
  const file = join(entry.parentPath, entry.name)
  const text = readFileSync(file, 'utf8')
  const rewritten = text.replace(RELATIVE_TS, '$1$2$3.js$2')
  if (rewritten !== text) writeFileSync(file, rewritten)
}
