// Test support: the import graph of the project's TypeScript, read from the
// source text (static imports and re-exports, dynamic import() and
// `typeof import()`), each edge marked type-only or not. Relative imports and
// the workspace package's exports resolve to files; anything else
// (npm packages, node:, cloudflare:) is an external module name.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'

export interface ImportEdge {
  /** Repository-relative path of the imported file, or the bare module name. */
  target: string
  external: boolean
  /** `import type`, `export type` or `typeof import()`: gone at runtime. */
  typeOnly: boolean
}

const STATEMENT = /(?:^|\n)\s*(import|export)\s+(type\s+)?(?:[\s\S]*?\s+from\s+)?['"]([^'"]+)['"]/g
const DYNAMIC = /(typeof\s+)?import\(\s*['"]([^'"]+)['"]\s*\)/g

/** `import { type A, type B } from …`: every name imported is a type. */
function onlyTypes(statement: string): boolean {
  const named = /^\s*(?:import|export)\s*\{([^}]*)\}\s*from/.exec(statement.trim())
  if (!named) return false
  const names = named[1]!
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '')
  return names.length > 0 && names.every((n) => n.startsWith('type '))
}

/** The package name a bare specifier belongs to (`@scope/name/sub` → `@scope/name`). */
export function packageName(specifier: string): string {
  const parts = specifier.split('/')
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!
}

export class ImportGraph {
  private readonly cache = new Map<string, ImportEdge[]>()
  private readonly workspaces = new Map<string, { dir: string; exports: Record<string, string> }>()
  private readonly root: string

  constructor(root: string) {
    this.root = root
    const packagesDir = join(root, 'packages')
    for (const dir of existsSync(packagesDir) ? readdirSync(packagesDir) : []) {
      const manifest = join(packagesDir, dir, 'package.json')
      if (!existsSync(manifest)) continue
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as {
        name: string
        exports: Record<string, string>
      }
      this.workspaces.set(pkg.name, { dir: join('packages', dir), exports: pkg.exports })
    }
  }

  private resolveSpecifier(from: string, specifier: string): Omit<ImportEdge, 'typeOnly'> {
    if (specifier.startsWith('.')) {
      const target = relative(this.root, resolve(this.root, dirname(from), specifier))
      if (!existsSync(join(this.root, target))) throw new Error(`${from}: cannot resolve ${specifier}`)
      return { target, external: false }
    }
    const workspace = this.workspaces.get(packageName(specifier))
    if (workspace) {
      const sub = '.' + specifier.slice(packageName(specifier).length)
      const file = workspace.exports[sub]
      if (!file) throw new Error(`${from}: ${specifier} is not exported by its package`)
      return { target: join(workspace.dir, file), external: false }
    }
    return { target: specifier, external: true }
  }

  /** The imports of one file (repository-relative path). */
  importsOf(file: string): ImportEdge[] {
    const known = this.cache.get(file)
    if (known) return known
    const text = readFileSync(join(this.root, file), 'utf8').replace(/^\s*\/\/.*$/gm, '')
    const edges: ImportEdge[] = []
    for (const m of text.matchAll(STATEMENT)) {
      edges.push({ ...this.resolveSpecifier(file, m[3]!), typeOnly: m[2] !== undefined || onlyTypes(m[0]) })
    }
    for (const m of text.matchAll(DYNAMIC)) {
      edges.push({ ...this.resolveSpecifier(file, m[2]!), typeOnly: m[1] !== undefined })
    }
    this.cache.set(file, edges)
    return edges
  }

  /** Every project file reachable from `entries` (type-only edges followed only when asked). */
  reachable(entries: readonly string[], followTypes: boolean): Set<string> {
    const seen = new Set<string>()
    const stack = [...entries]
    while (stack.length > 0) {
      const file = stack.pop()!
      if (seen.has(file)) continue
      seen.add(file)
      for (const edge of this.importsOf(file)) {
        if (!edge.external && (followTypes || !edge.typeOnly)) stack.push(edge.target)
      }
    }
    return seen
  }

  /** Each cycle among `files` once, as the list of files around it (type-only edges followed when asked). */
  cycles(files: readonly string[], followTypes: boolean): string[][] {
    const inside = new Set(files)
    const index = new Map<string, number>()
    const low = new Map<string, number>()
    const onStack = new Set<string>()
    const stack: string[] = []
    const components: string[][] = []
    let counter = 0
    const next = (file: string) =>
      this.importsOf(file)
        .filter((e) => !e.external && inside.has(e.target) && (followTypes || !e.typeOnly))
        .map((e) => e.target)
    // Tarjan's strongly connected components: every component of more than one file (or a self-import) is a cycle.
    const visit = (file: string) => {
      index.set(file, counter)
      low.set(file, counter)
      counter++
      stack.push(file)
      onStack.add(file)
      for (const target of next(file)) {
        if (!index.has(target)) {
          visit(target)
          low.set(file, Math.min(low.get(file)!, low.get(target)!))
        } else if (onStack.has(target)) {
          low.set(file, Math.min(low.get(file)!, index.get(target)!))
        }
      }
      if (low.get(file) === index.get(file)) {
        const component: string[] = []
        let member: string
        do {
          member = stack.pop()!
          onStack.delete(member)
          component.push(member)
        } while (member !== file)
        if (component.length > 1 || next(file).includes(file)) components.push(component.sort())
      }
    }
    for (const file of files) if (!index.has(file)) visit(file)
    return components
  }
}

/** Every .ts file under a repository directory (tests included unless left out by `keep`). */
export function sourceFiles(
  root: string,
  dir: string,
  keep: (file: string) => boolean = () => true,
): string[] {
  const abs = join(root, dir)
  if (!existsSync(abs)) return []
  return readdirSync(abs).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(root, path, keep)
    return name.endsWith('.ts') && keep(path) ? [path] : []
  })
}
