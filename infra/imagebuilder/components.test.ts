// The two Adventive Image Builder components (AWSTOE documents) and the pipeline that uses them.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { load } from 'js-yaml'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  loadTerraform,
  nested,
  resource,
  undocumented,
  type Block,
  type TerraformDir,
} from '../test-support/terraform.ts'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))

interface Step {
  name: string
  action: string
  inputs: unknown
}
interface Component {
  name: string
  description: string
  schemaVersion: unknown
  parameters?: Record<string, { type: string }>[]
  phases: { name: string; steps: Step[] }[]
}

const FILES = ['adv-cflared-cloudflared.yml', 'adv-cflared-bootstrap-script.yml'] as const
const read = (file: string) => load(readFileSync(here(file), 'utf8')) as Component
const steps = (c: Component, phase: string) => c.phases.find((p) => p.name === phase)?.steps ?? []
const step = (c: Component, name: string) => c.phases.flatMap((p) => p.steps).find((s) => s.name === name)
const commands = (s: Step | undefined) => (s?.inputs as { commands: string[] }).commands
function fileInput(s: Step | undefined): {
  path: string
  content: string
  source?: string
  destination?: string
} {
  const first = (s?.inputs as { path: string; content: string }[] | undefined)?.[0]
  if (!first) throw new Error(`step ${s?.name ?? '(missing)'} has no file input`)
  return first
}

describe.each(FILES)('component %s', (file) => {
  const c = read(file)

  it('is an AWSTOE 1.0 document named after its file', () => {
    expect(c.name).toBe(file.replace(/\.yml$/, ''))
    expect(c.schemaVersion).toBe(1) // YAML reads 1.0 as the number 1
    expect(c.description.length).toBeGreaterThan(10)
  })

  it('has build and validate phases with uniquely named, alphanumeric steps', () => {
    expect(c.phases.map((p) => p.name).slice(0, 2)).toEqual(['build', 'validate'])
    for (const p of c.phases) expect(['build', 'validate', 'test']).toContain(p.name)
    const names = c.phases.flatMap((p) => p.steps.map((s) => s.name))
    expect(new Set(names).size).toBe(names.length)
    for (const n of names) expect(n).toMatch(/^[A-Za-z0-9]+$/)
  })

  it('gives each action the inputs AWSTOE expects', () => {
    for (const s of c.phases.flatMap((p) => p.steps)) {
      if (s.action === 'ExecuteBash') {
        expect(commands(s).length, s.name).toBeGreaterThan(0)
      } else if (s.action === 'CreateFile') {
        expect(fileInput(s).path, s.name).toMatch(/^\/etc\/systemd\/system\/[\w-]+\.service$/)
        expect(fileInput(s).content, s.name).toMatch(/^\[Unit\]\n/)
      } else if (s.action === 'S3Download') {
        expect(fileInput(s).source, s.name).toMatch(/^s3:\/\//)
        expect(fileInput(s).destination, s.name).toMatch(/^\//)
      } else {
        throw new Error(`unexpected action ${s.action} in ${s.name}`)
      }
    }
  })

  it('runs every bash step in strict mode, and every step parses as bash', () => {
    for (const s of c.phases.flatMap((p) => p.steps).filter((x) => x.action === 'ExecuteBash')) {
      expect(commands(s)[0], s.name).toBe('set -euo pipefail')
      execFileSync('bash', ['-n'], { input: commands(s).join('\n') })
    }
  })

  it('declares the S3BucketName parameter the pipeline module passes, and every parameter it uses', () => {
    const declared = (c.parameters ?? []).flatMap((p) => Object.keys(p))
    expect(declared).toContain('S3BucketName')
    const used = [...readFileSync(here(file), 'utf8').matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1])
    for (const u of used) expect(declared).toContain(u)
  })
})

describe('adv-cflared-cloudflared', () => {
  const c = read('adv-cflared-cloudflared.yml')
  const unit = fileInput(step(c, 'WriteCloudflaredUnit')).content
  // The validate step's grep -E pattern, as a JS regex (same syntax for this pattern).
  const versionPattern = () => {
    const cmd = commands(step(c, 'VersionCheck')).find((x) => x.startsWith('cloudflared --version'))
    return new RegExp(/grep -E '(.+)'$/.exec(cmd ?? '')?.[1] ?? 'no-pattern')
  }

  it('installs cloudflared from the signed Cloudflare APT repository', () => {
    const repo = commands(step(c, 'AddCloudflareAptRepo')).join('\n')
    expect(repo).toContain('https://pkg.cloudflare.com/cloudflare-main.gpg')
    expect(repo).toContain(
      'deb [signed-by=/usr/share/keyrings/cloudflare-main.gpg] https://pkg.cloudflare.com/cloudflared jammy main',
    )
    expect(commands(step(c, 'InstallCloudflared')).join('\n')).toContain('apt-get install -y cloudflared')
  })

  it('ships a complete unit that runs the env config only after the bootstrap succeeded', () => {
    expect(unit).toContain('Requires=cflared-bootstrap.service')
    expect(unit).toMatch(/^After=cflared-bootstrap\.service/m)
    expect(unit).toContain(
      'ExecStart=/usr/bin/cloudflared --no-autoupdate tunnel --config /etc/cloudflared/config.yml run',
    )
    expect(unit).toContain('Restart=always')
    expect(unit).toContain('WantedBy=multi-user.target')
    expect(commands(step(c, 'EnableCloudflared'))).toContain('sudo systemctl enable cloudflared.service')
  })

  it('accepts cloudflared 2025.x and later and rejects older releases', () => {
    const re = versionPattern()
    expect(re.test('cloudflared version 2025.11.1 (built 2025-11-07-1200 UTC)')).toBe(true)
    expect(re.test('cloudflared version 2031.1.0 (built 2031-01-02)')).toBe(true)
    expect(re.test('cloudflared version 2024.12.2 (built 2024-12-19)')).toBe(false)
    expect(re.test('cloudflared version 2019.9.0')).toBe(false)
  })

  it('checks the unit is installed and enabled, also on a fresh test instance', () => {
    expect(commands(step(c, 'UnitEnabled'))).toContain('systemctl is-enabled cloudflared.service')
    expect(steps(c, 'test').length).toBeGreaterThan(0)
  })
})

describe('adv-cflared-bootstrap-script', () => {
  const c = read('adv-cflared-bootstrap-script.yml')
  let tf: TerraformDir
  beforeAll(async () => {
    tf = await loadTerraform(here('.'))
  })

  it('downloads the script the pipeline stack uploads, to /usr/local/sbin, executable by root', () => {
    const dl = fileInput(step(c, 'DropBootstrap'))
    const upload = resource(tf, 'aws_s3_object', 'bootstrap_script')
    expect(dl.source).toBe(`s3://{{ S3BucketName }}/${String(upload.key)}`)
    expect(upload.source).toBe('${path.module}/../cloudflared/bootstrap/cflared-bootstrap.sh')
    expect(dl.destination).toBe('/usr/local/sbin/cflared-bootstrap.sh')
    expect(commands(step(c, 'SetExec'))).toContain('sudo chmod 0755 /usr/local/sbin/cflared-bootstrap.sh')
  })

  it('installs jq, which the bootstrap needs and Ubuntu does not ship', () => {
    expect(commands(step(c, 'InstallBootstrapDependencies')).join('\n')).toMatch(/apt-get install -y jq/)
  })

  it('runs the script once per boot, before cloudflared', () => {
    const unit = fileInput(step(c, 'WireOnBoot')).content
    expect(unit).toContain('Before=cloudflared.service')
    expect(unit).toContain('Type=oneshot')
    expect(unit).toContain('RemainAfterExit=yes')
    expect(unit).toContain('ExecStart=/usr/local/sbin/cflared-bootstrap.sh')
    expect(commands(step(c, 'EnableUnit'))).toContain('sudo systemctl enable cflared-bootstrap.service')
  })
})

describe('pipeline stack', () => {
  let tf: TerraformDir
  beforeAll(async () => {
    tf = await loadTerraform(here('.'))
  })
  const pipeline = () => tf.module.cflared_pipeline as Block

  it('uses the aws-ia Image Builder module named adv-cflared on Ubuntu 22.04 from Canonical', () => {
    expect(pipeline()).toMatchObject({
      source: 'aws-ia/ec2-image-builder/aws',
      name: '${local.name}',
      platform: 'Linux',
    })
    expect(tf.locals).toMatchObject({ name: 'adv-cflared', canonical_owner: '099720109477' })
    expect(tf.locals.ubuntu_jammy).toMatch(/ubuntu-jammy-22\.04-amd64-server-\*$/)
  })

  it('builds every Tuesday at 06:00 UTC', () => {
    expect(pipeline().schedule_expression).toEqual([
      {
        scheduleExpression: 'cron(0 6 ? * TUE *)',
        pipeline_execution_start_condition: 'EXPRESSION_MATCH_ONLY',
      },
    ])
  })

  it('adds both Adventive components, built from the committed YAML', () => {
    expect(pipeline().build_component_arn).toEqual([
      '${aws_imagebuilder_component.cloudflared.arn}',
      '${aws_imagebuilder_component.bootstrap.arn}',
    ])
    expect(resource(tf, 'aws_imagebuilder_component', 'cloudflared').data).toBe(
      '${file("${path.module}/adv-cflared-cloudflared.yml")}',
    )
    expect(resource(tf, 'aws_imagebuilder_component', 'bootstrap').data).toBe(
      '${file("${path.module}/adv-cflared-bootstrap-script.yml")}',
    )
  })

  it('reuses the AWS-managed update, CLI and CloudWatch agent components', () => {
    const names = (tf.variable.managed_components?.default as { name: string }[]).map((m) => m.name)
    expect(names).toEqual(['update-linux', 'aws-cli-version-2-linux', 'amazon-cloudwatch-agent-linux'])
  })

  it('keeps the 4 newest AMIs of the recipe and deletes older ones', () => {
    const policy = resource(tf, 'aws_imagebuilder_lifecycle_policy', 'retain')
    const detail = nested(policy, 'policy_detail')
    expect(tf.variable.ami_retain_count?.default).toBe(4)
    expect(nested(detail, 'filter')).toEqual({ type: 'COUNT', value: '${var.ami_retain_count}' })
    expect(nested(detail, 'action')).toEqual({ type: 'DELETE' })
    expect(nested(nested(policy, 'resource_selection'), 'recipe').name).toBe('${local.name}-image-recipe')
  })

  it('lets build instances read only the cflared artifacts', () => {
    const statements = tf.data.aws_iam_policy_document?.builder_artifacts?.statement as Block[]
    expect(statements.find((s) => s.sid === 'ReadCflaredArtifacts')).toMatchObject({
      actions: ['s3:GetObject'],
      resources: ['arn:aws:s3:::${var.artifacts_bucket}/cflared/*'],
    })
  })

  it('describes and types every variable and describes every output', () => {
    expect(undocumented(tf)).toEqual([])
  })
})
