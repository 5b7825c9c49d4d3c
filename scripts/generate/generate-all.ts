// Writes every generated file. The spec is the source of all of them but one: the runtime
// types come from wrangler.toml (compatibility date and flags). Nothing else is read but
// the SDK's method names, for the code samples. (The spec's extracted examples are written
// before this runs: see index.ts and extract-examples.ts.)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { bundleSpec } from './bundle.ts'
import { publishedSpec } from './code-samples.ts'
import { generateDocsHtml } from './docs.ts'
import { generateRoutes } from './routes.ts'
import { generateTypes } from './types.ts'
import { generateWorkerTypes } from './worker-types.ts'

/** Relative path inside one output directory → content. */
export type GeneratedFiles = Record<string, string>

/**
 * The generated trees, each written (and checked) as a whole: `generated/` for the Worker,
 * its docs and the served spec; `sdk/src/generated/` for the partner SDK's package, which
 * must compile on its own (decisions/2026-12-02-sdk-package.md).
 */
export interface GeneratedTrees {
  generated: GeneratedFiles
  sdk: GeneratedFiles
}

export async function generateAll(specPath: string): Promise<GeneratedTrees> {
  const workDir = mkdtempSync(join(tmpdir(), 'adv-generate-'))
  try {
    const bundle = bundleSpec(specPath, workDir)
    const { info } = bundle.document
    // What /openapi.yaml and /docs publish: the bundle plus the generated code samples.
    const published = publishedSpec(bundle.document, workDir)
    const types = await generateTypes(bundle.file)
    return {
      generated: {
        'routes.ts': await generateRoutes(bundle.document),
        // Both served by the Worker from its static assets (wrangler.toml [assets]), not bundled into the script.
        'docs/openapi.yaml': published.yaml,
        'docs/docs.html': generateDocsHtml(published.file, workDir, info.title),
        'worker-configuration.d.ts': generateWorkerTypes(workDir),
      },
      sdk: { 'types.ts': types },
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true })
  }
}

/** Replaces `outDir` with exactly `files`. */
export function writeGenerated(files: GeneratedFiles, outDir: string): void {
  rmSync(outDir, { recursive: true, force: true })
  for (const [name, content] of Object.entries(files)) {
    const target = join(outDir, name)
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, content)
  }
}
