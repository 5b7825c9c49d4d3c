// Loads a Terraform directory into one JSON document with the wasm HCL parser, so tests can assert
// a module's contract without the terraform binary or provider downloads. Expressions stay strings
// ("${var.env}"), literals become JSON values.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from '@cdktf/hcl2json'

export type Block = Record<string, unknown>

export interface TerraformDir {
  resource: Record<string, Record<string, Block>>
  data: Record<string, Record<string, Block>>
  module: Record<string, Block>
  variable: Record<string, Block>
  output: Record<string, Block>
  locals: Block
  terraform: Block[]
  files: string[]
}

// hcl2json wraps each labelled block body in a one-element array.
function single(value: unknown, where: string): Block {
  if (!Array.isArray(value) || value.length !== 1) throw new Error(`${where}: expected one block`)
  return value[0] as Block
}

function labelled(into: Record<string, Block>, from: Record<string, unknown>, where: string): void {
  for (const [name, body] of Object.entries(from)) {
    if (name in into) throw new Error(`${where}.${name} is declared twice`)
    into[name] = single(body, `${where}.${name}`)
  }
}

export async function loadTerraform(dir: string): Promise<TerraformDir> {
  const out: TerraformDir = {
    resource: {},
    data: {},
    module: {},
    variable: {},
    output: {},
    locals: {},
    terraform: [],
    files: [],
  }
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.tf'))
    .sort()
  for (const file of files) {
    const doc = (await parse(file, readFileSync(join(dir, file), 'utf8'))) as Record<string, unknown>
    out.files.push(file)
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, byName] of Object.entries(
        (doc[kind] ?? {}) as Record<string, Record<string, unknown>>,
      )) {
        labelled((out[kind][type] ??= {}), byName, `${kind}.${type}`)
      }
    }
    for (const kind of ['module', 'variable', 'output'] as const) {
      labelled(out[kind], (doc[kind] ?? {}) as Record<string, unknown>, kind)
    }
    for (const locals of (doc.locals ?? []) as Block[]) Object.assign(out.locals, locals)
    out.terraform.push(...((doc.terraform ?? []) as Block[]))
  }
  return out
}

export function resource(tf: TerraformDir, type: string, name: string): Block {
  const body = tf.resource[type]?.[name]
  if (!body) throw new Error(`resource ${type}.${name} not found`)
  return body
}

export function resourcesOf(tf: TerraformDir, type: string): Block[] {
  return Object.values(tf.resource[type] ?? {})
}

/** The body of a nested block that must occur exactly once (metadata_options, preferences, …). */
export function nested(block: Block, name: string): Block {
  return single(block[name], name)
}

/** Names of variables without a description or a type constraint, and outputs without a description. */
export function undocumented(tf: TerraformDir): string[] {
  const missing: string[] = []
  for (const [name, v] of Object.entries(tf.variable)) {
    if (typeof v.description !== 'string' || v.description.length < 10)
      missing.push(`variable ${name}: description`)
    if (typeof v.type !== 'string' || !/^\$\{.+\}$/s.test(v.type)) missing.push(`variable ${name}: type`)
  }
  for (const [name, o] of Object.entries(tf.output)) {
    if (typeof o.description !== 'string') missing.push(`output ${name}: description`)
  }
  return missing
}
