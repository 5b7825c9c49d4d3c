// openapi.yaml and spec/** → one self-contained document (Redocly bundle): the single
// input of every other generator and the file the Worker serves at /openapi.yaml.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { load } from 'js-yaml'
import { runTool } from './run-tool.ts'

export interface OpenApiDocument {
  openapi: string
  info: { title: string; version: string; [key: string]: unknown }
  servers?: { url: string }[]
  security?: Record<string, string[]>[]
  paths: Record<string, Record<string, unknown>>
  components?: Record<string, Record<string, unknown>>
  [key: string]: unknown
}

export interface Bundle {
  /** Path of the bundled YAML file (inside the work directory). */
  file: string
  yaml: string
  document: OpenApiDocument
}

export function bundleSpec(specPath: string, workDir: string): Bundle {
  const file = join(workDir, 'openapi.bundled.yaml')
  runTool('redocly', ['bundle', specPath, '-o', file])
  const yaml = readFileSync(file, 'utf8')
  return { file, yaml, document: load(yaml) as OpenApiDocument }
}
