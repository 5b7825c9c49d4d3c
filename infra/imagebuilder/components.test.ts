// The two Adventive Image Builder components (AWSTOE documents) and the pipeline that uses them.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { posix } from 'node:path'
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  allSteps,
  commands,
  fileInput,
  fileInputs,
  readComponent,
  step,
  steps,
} from '../test-support/awstoe.ts'
import {
  loadTerraform,
  nested,
  resource,
  undocumented,
  type Block,
  type TerraformDir,
} from '../test-support/terraform.ts'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))

const FILES = [
  'adv-cflared-cloudflared.yml',
  'adv-cflared-bootstrap-script.yml',
  'adv-cflared-metrics.yml',
] as const
const read = (file: string) => readComponent(here(file))

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
    for (const s of allSteps(c)) {
      if (s.action === 'ExecuteBash') {
        expect(commands(s).length, s.name).toBeGreaterThan(0)
      } else if (s.action === 'CreateFile') {
        expect(fileInput(s).path, s.name).toMatch(/^\/etc\/systemd\/system\/[\w-]+\.(service|timer)$/)
        expect(fileInput(s).content, s.name).toMatch(/^\[Unit\]\n/)
      } else if (s.action === 'S3Download') {
        for (const f of fileInputs(s)) {
          expect(f.source, s.name).toMatch(/^s3:\/\//)
          expect(f.destination, s.name).toMatch(/^\//)
        }
      } else {
        throw new Error(`unexpected action ${s.action} in ${s.name}`)
      }
    }
  })

  it('runs every bash step in strict mode, and every step parses as bash', () => {
    for (const s of allSteps(c).filter((x) => x.action === 'ExecuteBash')) {
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
      'ExecStart=/usr/bin/cloudflared --no-autoupdate tunnel --config /etc/cloudflared/config.yml --metrics 127.0.0.1:2000 run',
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

  it('downloads the script and its IMDSv2 helper to /usr/local/sbin and /usr/local/lib, owned by root', () => {
    expect(fileInputs(step(c, 'DropBootstrap')).map((f) => [f.source, f.destination])).toEqual([
      ['s3://{{ S3BucketName }}/cflared/cflared-bootstrap.sh', '/usr/local/sbin/cflared-bootstrap.sh'],
      ['s3://{{ S3BucketName }}/cflared/cflared-imds.sh', '/usr/local/lib/cflared-imds.sh'],
    ])
    expect(commands(step(c, 'SetExec'))).toEqual(
      expect.arrayContaining([
        'sudo chmod 0755 /usr/local/sbin/cflared-bootstrap.sh',
        'sudo chown root:root /usr/local/lib/cflared-imds.sh',
        'sudo chmod 0644 /usr/local/lib/cflared-imds.sh',
      ]),
    )
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

describe('adv-cflared-metrics', () => {
  const c = read('adv-cflared-metrics.yml')
  const publisher = readFileSync(here('../cloudflared/metrics/cflared-metrics.sh'), 'utf8')
  const service = fileInput(step(c, 'WriteMetricsService')).content
  const timer = fileInput(step(c, 'WriteMetricsTimer')).content
  /** The default of a `${NAME:-default}` setting in a script. */
  const scriptDefault = (script: string, name: string) =>
    new RegExp(`\\$\\{${name}:-([^}]+)\\}`).exec(script)?.[1]
  /** Where a script installed at `installedAt` looks for the IMDSv2 helper it sources. */
  const helperPath = (script: string, installedAt: string) => {
    const rel = /^\. "\$\(dirname "\$\{BASH_SOURCE\[0\]\}"\)\/(.+)"$/m.exec(script)?.[1] ?? 'no-source-line'
    return posix.normalize(posix.join(posix.dirname(installedAt), rel))
  }

  it('downloads the publisher the pipeline stack uploads to /usr/local/sbin, executable by root', () => {
    expect(fileInputs(step(c, 'DropMetricsScript')).map((f) => [f.source, f.destination])).toEqual([
      ['s3://{{ S3BucketName }}/cflared/cflared-metrics.sh', '/usr/local/sbin/cflared-metrics.sh'],
    ])
    expect(commands(step(c, 'SetMetricsExec'))).toEqual([
      'set -euo pipefail',
      'sudo chown root:root /usr/local/sbin/cflared-metrics.sh',
      'sudo chmod 0755 /usr/local/sbin/cflared-metrics.sh',
    ])
  })

  it('finds the IMDSv2 helper where the bootstrap component installs it, as the bootstrap does', () => {
    const bootstrap = read('adv-cflared-bootstrap-script.yml')
    const installed = fileInputs(step(bootstrap, 'DropBootstrap')).find((f) =>
      f.source?.endsWith('/cflared-imds.sh'),
    )?.destination
    expect(installed).toBe('/usr/local/lib/cflared-imds.sh')
    expect(helperPath(publisher, '/usr/local/sbin/cflared-metrics.sh')).toBe(installed)
    const bootstrapScript = readFileSync(here('../cloudflared/bootstrap/cflared-bootstrap.sh'), 'utf8')
    expect(helperPath(bootstrapScript, '/usr/local/sbin/cflared-bootstrap.sh')).toBe(installed)
    expect(commands(step(c, 'MetricsInstalled'))).toContain('test -r /usr/local/lib/cflared-imds.sh')
  })

  it('reads the metrics endpoint that the cloudflared unit pins with --metrics', () => {
    const unit = fileInput(step(read('adv-cflared-cloudflared.yml'), 'WriteCloudflaredUnit')).content
    const pinned = /^ExecStart=.* --metrics (\S+) run$/m.exec(unit)?.[1]
    expect(pinned).toBe('127.0.0.1:2000')
    expect(scriptDefault(publisher, 'CFLARED_METRICS_URL')).toBe(`http://${pinned}/metrics`)
  })

  it('runs the publisher as an unprivileged oneshot that keeps its restart window in its state directory', () => {
    for (const line of [
      'Type=oneshot',
      'ExecStart=/usr/local/sbin/cflared-metrics.sh',
      'DynamicUser=yes',
      'StateDirectory=cflared-metrics',
      'NoNewPrivileges=yes',
      'ProtectSystem=strict',
    ]) {
      expect(service.split('\n'), line).toContain(line)
    }
    expect(scriptDefault(publisher, 'CFLARED_METRICS_STATE_DIR')).toBe('/var/lib/cflared-metrics')
    // A run that hangs must end before the next minute's run would be due.
    expect(Number(/^TimeoutStartSec=(\d+)$/m.exec(service)?.[1])).toBeLessThan(60)
  })

  it('fires on every minute, is enabled at build time and checked on a fresh instance', () => {
    expect(timer).toContain('OnCalendar=*-*-* *:*:00')
    expect(timer).toContain('AccuracySec=1s')
    expect(timer).toContain('WantedBy=timers.target')
    expect(commands(step(c, 'EnableMetricsTimer'))).toContain('sudo systemctl enable cflared-metrics.timer')
    expect(commands(step(c, 'MetricsInstalled'))).toContain('systemctl is-enabled cflared-metrics.timer')
    expect(commands(steps(c, 'test')[0])).toContain('systemctl is-enabled cflared-metrics.timer')
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

  it('distributes every AMI to us-east-1 and, for disaster recovery, to us-west-2', () => {
    expect(pipeline().ami_regions_kms_key).toBe('${var.distribution_regions}')
    const regions = tf.variable.distribution_regions!
    expect(Object.keys(regions.default as object).sort()).toEqual(['us-east-1', 'us-west-2'])
    expect((regions.validation as Block[])[0]!.condition).toBe(
      '${contains(keys(var.distribution_regions), "us-east-1") && contains(keys(var.distribution_regions), "us-west-2")}',
    )
  })

  it('builds every Tuesday at 06:00 UTC', () => {
    expect(pipeline().schedule_expression).toEqual([
      {
        scheduleExpression: 'cron(0 6 ? * TUE *)',
        pipeline_execution_start_condition: 'EXPRESSION_MATCH_ONLY',
      },
    ])
  })

  it('adds the three Adventive components, built from the committed YAML, the helper before its users', () => {
    expect(Object.keys(tf.locals.components as object).sort()).toEqual(
      FILES.map((f) => f.replace(/\.yml$/, '')).sort(),
    )
    expect(tf.locals.component_order).toEqual([
      'adv-cflared-cloudflared',
      'adv-cflared-bootstrap-script',
      'adv-cflared-metrics',
    ])
    expect(tf.locals.component_arns).toBe(
      '${[for name in local.component_order : aws_imagebuilder_component.adventive[name].arn]}',
    )
    expect(pipeline().build_component_arn).toBe('${local.component_arns}')
    expect(resource(tf, 'aws_imagebuilder_component', 'adventive')).toMatchObject({
      for_each: '${local.components}',
      name: '${each.key}',
      version: '${var.component_version}',
      data: '${file("${path.module}/${each.key}.yml")}',
      depends_on: ['${aws_s3_object.cflared_scripts}'],
    })
  })

  it('uploads every script a component downloads from the tested source file, and only those', () => {
    const uploads = tf.locals.cflared_scripts as Record<string, string>
    expect(resource(tf, 'aws_s3_object', 'cflared_scripts')).toMatchObject({
      for_each: '${local.cflared_scripts}',
      key: 'cflared/${each.key}',
      source: '${each.value}',
      etag: '${filemd5(each.value)}',
    })
    const downloaded = FILES.flatMap((file) =>
      allSteps(read(file))
        .filter((s) => s.action === 'S3Download')
        .flatMap((s) => fileInputs(s).map((f) => f.source)),
    )
    expect(downloaded.sort()).toEqual(Object.keys(uploads).map((n) => `s3://{{ S3BucketName }}/cflared/${n}`))
    for (const [name, source] of Object.entries(uploads)) {
      const path = source.replace('${path.module}/', '')
      expect(readFileSync(here(path), 'utf8'), name).toMatch(
        /^(#!\/usr\/bin\/env bash|# shellcheck shell=bash)\n/,
      )
      expect(path.endsWith(`/${name}`)).toBe(true)
    }
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
