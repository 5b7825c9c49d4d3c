// The source tree as it was before the failed-auth throttle, to measure what
// failed authentication cost then: a git worktree of the commit before the one
// that added src/pipeline/auth-failures.ts, with its own dependencies, and
// today's workerd stack script copied in (the old tree had none), so both
// sides are built and served the same way.
import { execFileSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const THROTTLE_FILE = 'src/pipeline/auth-failures.ts'

const git = (root: string, ...args: string[]) =>
  execFileSync('git', ['-C', root, ...args], { encoding: 'utf8' }).trim()

/** The commit before the one that added the throttle, and the one that added it. */
export function commitsAroundThrottle(root: string): { before: string; throttle: string } {
  const added = git(root, 'log', '--diff-filter=A', '--format=%H', '--', THROTTLE_FILE).split('\n').at(-1)
  if (!added) throw new Error(`no commit adds ${THROTTLE_FILE}`)
  return { before: git(root, 'rev-parse', `${added}^`), throttle: added }
}

export interface BeforeTree {
  dir: string
  commit: string
  /** Removes the worktree, if this run made it. */
  remove(): void
}

/** A checkout of `commit` ready to serve: `dir` if given (reused as it is), else a new worktree. */
export function prepareBeforeTree(
  root: string,
  commit: string,
  dir: string | null,
  log: (line: string) => void,
): BeforeTree {
  const at = dir ?? join(tmpdir(), `adv-faults-before-${commit.slice(0, 12)}`)
  const made = !existsSync(join(at, 'package.json'))
  if (made) {
    log(`faults: checking out ${commit.slice(0, 12)} into ${at}`)
    git(root, 'worktree', 'add', '--detach', '--force', at, commit)
  }
  if (!existsSync(join(at, 'node_modules'))) {
    log(`faults: npm ci in ${at}`)
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], {
      cwd: at,
      stdio: ['ignore', 'ignore', 'inherit'],
    })
  }
  mkdirSync(join(at, 'scripts/stack'), { recursive: true })
  copyFileSync(join(root, 'scripts/stack/workerd-stack.ts'), join(at, 'scripts/stack/workerd-stack.ts'))
  return {
    dir: at,
    commit,
    remove() {
      if (made) git(root, 'worktree', 'remove', '--force', at)
    },
  }
}
