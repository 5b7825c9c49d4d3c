// generated/types.ts: the spec as TypeScript types (openapi-typescript), shared by the
// partner client and by anything in the Worker that wants the response shapes.
import openapiTS, { astToString } from 'openapi-typescript'
import { pathToFileURL } from 'node:url'
import { formatTypeScript } from './header.ts'

export async function generateTypes(bundledFile: string): Promise<string> {
  const ast = await openapiTS(pathToFileURL(bundledFile), { alphabetize: false })
  return formatTypeScript(astToString(ast))
}
