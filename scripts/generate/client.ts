// generated/client/: the partner SDK (openapi-fetch over generated/types.ts) and its README.
import { readFileSync } from 'node:fs'
import type { OpenApiDocument } from './bundle.ts'
import { formatTypeScript, generatedBanner } from './header.ts'

const template = (name: string) => readFileSync(new URL(`templates/${name}`, import.meta.url), 'utf8')

function fill(text: string, document: OpenApiDocument): string {
  const values: Record<string, string> = {
    baseUrl: document.servers?.[0]?.url ?? 'http://127.0.0.1:8787',
    title: document.info.title,
    version: document.info.version,
    banner: generatedBanner,
  }
  return text.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '')
}

export async function generateClient(document: OpenApiDocument): Promise<{ index: string; readme: string }> {
  return {
    index: await formatTypeScript(fill(template('client.ts.txt'), document)),
    readme: fill(template('client-README.md'), document),
  }
}
