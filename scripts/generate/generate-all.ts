// Writes every generated/ file from one spec. openapi.yaml is the only source: nothing
// here reads anything but the spec (and the fixed templates next to this file).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { bundleSpec } from './bundle.ts'
import { generateClient } from './client.ts'
import { generateDocsHtml } from './docs.ts'
import { stringModule } from './header.ts'
import { generateRoutes } from './routes.ts'
import { generateTypes } from './types.ts'

/** Relative path under generated/ → content. */
export type GeneratedFiles = Record<string, string>

export async function generateAll(specPath: string): Promise<GeneratedFiles> {
  const workDir = mkdtempSync(join(tmpdir(), 'adv-generate-'))
  try {
    const bundle = bundleSpec(specPath, workDir)
    const { info, security } = bundle.document
    const client = await generateClient(bundle.document)
    return {
      'types.ts': await generateTypes(bundle.file),
      'routes.ts': await generateRoutes(bundle.document),
      'client/index.ts': client.index,
      'client/README.md': client.readme,
      'openapi-document.ts': stringModule({
        openApiYaml: bundle.yaml,
        openApiInfo: { title: info.title, version: info.version },
        openApiSecurity: security ?? [],
      }),
      // Served by the Worker from its static assets (wrangler.toml [assets]), not bundled into the script.
      'docs/docs.html': generateDocsHtml(bundle.file, workDir, info.title),
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true })
  }
}

export function writeGenerated(files: GeneratedFiles, outDir: string): void {
  rmSync(outDir, { recursive: true, force: true })
  for (const [name, content] of Object.entries(files)) {
    const target = join(outDir, name)
    mkdirSync(dirname(target), { recursive: true })
    writeFileSync(target, content)
  }
}
