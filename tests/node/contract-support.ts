// Where the contract tests find the repository and its tools. (The long-running tools they
// talk to start through the shared starters: scripts/local-stack.ts, parity/lib/prism.ts.)
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))
export const bin = (tool: string) => `${repoRoot}node_modules/.bin/${tool}`
