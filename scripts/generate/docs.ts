// generated/docs-html.ts: the Redoc page the Worker serves at /docs. `--inlineBundle`
// puts Redoc's JS in the page, so it works with no third-party CDN (TOOLCHAIN gotcha 14).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runTool } from './run-tool.ts'

export function generateDocsHtml(bundledFile: string, workDir: string, title: string): string {
  const out = join(workDir, 'docs.html')
  runTool('redocly', ['build-docs', bundledFile, '--inlineBundle', '--title', title, '-o', out])
  return readFileSync(out, 'utf8')
}
