// A V8 CPU profile of the API Worker inside workerd, through the runtime's
// inspector (Chrome DevTools protocol), while the caller drives traffic; and
// its top self-time costs, each attributed to the source module it was
// bundled from (the unminified bundle marks every module with a `// path`
// comment, so a line number finds its module).
import { readFileSync } from 'node:fs'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
}

export interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
}

export async function captureProfile<T>(
  inspectorUrl: string,
  during: () => Promise<T>,
): Promise<{ profile: CpuProfile; result: T }> {
  // The runtime's inspector proxy closes a connection that names no Origin (a browser's
  // DevTools always does); Node's WebSocket takes the header as an option.
  const Socket = WebSocket as unknown as new (
    url: string,
    options: { headers: Record<string, string> },
  ) => WebSocket
  const socket = new Socket(inspectorUrl, { headers: { Origin: 'http://localhost' } })
  let id = 0
  const pending = new Map<number, (value: unknown) => void>()
  let closed: Error | null = null
  socket.addEventListener('close', () => {
    closed = new Error(`inspector ${inspectorUrl} closed the connection`)
  })
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown }
    if (message.id !== undefined) pending.get(message.id)?.(message.result)
  })
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve(), { once: true })
    socket.addEventListener(
      'error',
      () => reject(new Error(`inspector ${inspectorUrl} refused the connection`)),
      {
        once: true,
      },
    )
  })
  // Every answer within a bound: a connection that went away must fail the benchmark, not hang it.
  const send = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve, reject) => {
      if (closed) return reject(closed)
      const timer = setTimeout(() => reject(closed ?? new Error(`inspector: no answer to ${method}`)), 30_000)
      pending.set(++id, (value) => {
        clearTimeout(timer)
        resolve(value)
      })
      socket.send(JSON.stringify({ id, method, params }))
    })
  await send('Profiler.enable')
  await send('Profiler.setSamplingInterval', { interval: 200 })
  await send('Profiler.start')
  const result = await during()
  const { profile } = (await send('Profiler.stop')) as { profile: CpuProfile }
  socket.close()
  return { profile, result }
}

/** Line ranges of the bundle's modules, from esbuild's `// path` comments. */
function moduleMap(bundle: string): { line: number; module: string }[] {
  const starts: { line: number; module: string }[] = []
  bundle.split('\n').forEach((text, i) => {
    const m = /^\/\/ ((?:src|packages|node_modules|generated|tests)\/[^\s]+)$/.exec(text)
    if (m) starts.push({ line: i, module: m[1]!.replace(/^node_modules\/(@[^/]+\/[^/]+|[^/]+)\/.*/, '$1') })
  })
  return starts
}

function moduleAt(starts: { line: number; module: string }[], line: number): string {
  let found = '(runtime)'
  for (const s of starts) {
    if (s.line > line) break
    found = s.module
  }
  return found
}

export interface CostRow {
  share: number
  what: string
}

/** Self time per function (and per module), as shares of the busy samples. */
export function topCosts(
  profile: CpuProfile,
  bundleFile: string,
  limit = 15,
): { functions: CostRow[]; modules: CostRow[] } {
  const starts = moduleMap(readFileSync(bundleFile, 'utf8'))
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const functions = new Map<string, number>()
  const modules = new Map<string, number>()
  let busy = 0
  for (const sample of profile.samples) {
    const frame = byId.get(sample)!.callFrame
    if (frame.functionName === '(idle)' || frame.functionName === '(program)') continue
    busy++
    const bundled = frame.url.endsWith('index.js')
    const module = bundled ? moduleAt(starts, frame.lineNumber) : frame.url ? frame.url : '(runtime)'
    const name = `${frame.functionName || '(anonymous)'} — ${module}`
    functions.set(name, (functions.get(name) ?? 0) + 1)
    modules.set(module, (modules.get(module) ?? 0) + 1)
  }
  const rank = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .map(([what, n]) => ({ share: n / Math.max(1, busy), what }))
  return { functions: rank(functions), modules: rank(modules) }
}
