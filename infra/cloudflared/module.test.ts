// Contract of the per-env cloudflared module (plan §1.0, §1.5 and the issue), read from the HCL itself.
import { fileURLToPath } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import {
  loadTerraform,
  nested,
  resource,
  resourcesOf,
  undocumented,
  type Block,
  type TerraformDir,
} from '../test-support/terraform.ts'

const moduleDir = fileURLToPath(new URL('.', import.meta.url))
const liveDir = fileURLToPath(new URL('./live/', import.meta.url))

let tf: TerraformDir
let live: TerraformDir
beforeAll(async () => {
  tf = await loadTerraform(moduleDir)
  live = await loadTerraform(liveDir)
})

type Sizing = { instance_type: string; min: number; desired: number; max: number; az_count: number }
const sizing = (env: string) => (tf.locals.sizing as Record<string, Sizing>)[env]

describe('per-env sizing', () => {
  it('runs one t3.micro in one AZ for dev and for stg, scaling to at most 2', () => {
    for (const env of ['dev', 'stg']) {
      expect(sizing(env)).toEqual({ instance_type: 't3.micro', min: 1, desired: 1, max: 2, az_count: 1 })
    }
  })

  it('runs two t3.small replicas across two AZs for prd, scaling to at most 4', () => {
    expect(sizing('prd')).toEqual({ instance_type: 't3.small', min: 2, desired: 2, max: 4, az_count: 2 })
  })

  it('knows exactly the three envs and picks the sizing by var.env', () => {
    expect(Object.keys(tf.locals.sizing as object).sort()).toEqual(['dev', 'prd', 'stg'])
    expect(tf.locals.size).toBe('${local.sizing[var.env]}')
  })

  it('sizes the launch template and the ASG from the selected sizing and subnets', () => {
    const asg = resource(tf, 'aws_autoscaling_group', 'cflared')
    expect(resource(tf, 'aws_launch_template', 'cflared').instance_type).toBe('${local.size.instance_type}')
    expect(asg).toMatchObject({
      min_size: '${local.size.min}',
      max_size: '${local.size.max}',
      desired_capacity: '${local.size.desired}',
      vpc_zone_identifier: '${local.subnets}',
      health_check_type: 'EC2',
      health_check_grace_period: 180,
    })
    expect(tf.locals.subnets).toBe(
      '${slice(var.subnet_ids, 0, min(local.size.az_count, length(var.subnet_ids)))}',
    )
  })

  it('refuses to apply when the env has fewer subnets or AZs than its sizing needs', () => {
    const conditions = (
      nested(resource(tf, 'aws_autoscaling_group', 'cflared'), 'lifecycle').precondition as Block[]
    ).map((p) => p.condition)
    expect(conditions).toContain('${length(local.subnets) == local.size.az_count}')
    expect(conditions).toContain(
      '${length(distinct([for s in data.aws_subnet.selected : s.availability_zone])) == local.size.az_count}',
    )
  })
})

describe('launch template', () => {
  it('requires IMDSv2 tokens and exposes instance tags in metadata', () => {
    expect(nested(resource(tf, 'aws_launch_template', 'cflared'), 'metadata_options')).toEqual({
      http_endpoint: 'enabled',
      http_tokens: 'required',
      http_put_response_hop_limit: 1,
      instance_metadata_tags: 'enabled',
    })
  })

  it('tags instances with adv:env so the bootstrap script can find its secret', () => {
    const specs = resource(tf, 'aws_launch_template', 'cflared').tag_specifications as Block[]
    const instance = specs.find((s) => s.resource_type === 'instance')
    expect(instance?.tags).toBe('${merge(local.tags, { Name = local.name })}')
    expect(tf.locals.tags).toMatch(/"adv:env" = var\.env/)
    expect(tf.locals.name).toBe('adv-cflared-${var.env}')
  })

  it('takes the AMI from the SSM parameter the promotion Lambda writes', () => {
    expect(resource(tf, 'aws_launch_template', 'cflared').image_id).toBe(
      '${data.aws_ssm_parameter.ami.insecure_value}',
    )
    expect(tf.data.aws_ssm_parameter?.ami?.name).toBe('${var.ami_ssm_parameter_name}')
    expect(tf.variable.ami_ssm_parameter_name?.default).toBe('/adventive/cloudflared/ami-id-latest')
  })
})

describe('rolling instance refresh', () => {
  it('rolls with 50 % minimum healthy, 120 s warm-up and automatic rollback', () => {
    const refresh = nested(resource(tf, 'aws_autoscaling_group', 'cflared'), 'instance_refresh')
    expect(refresh.strategy).toBe('Rolling')
    expect(nested(refresh, 'preferences')).toEqual({
      min_healthy_percentage: 50,
      max_healthy_percentage: 200,
      instance_warmup: 120,
      auto_rollback: true,
    })
  })

  it('follows the newest launch template version, which the state machine creates', () => {
    expect(nested(resource(tf, 'aws_autoscaling_group', 'cflared'), 'launch_template')).toEqual({
      id: '${aws_launch_template.cflared.id}',
      version: '$Latest',
    })
  })
})

describe('security group', () => {
  const egress = () => Object.entries(tf.resource.aws_vpc_security_group_egress_rule ?? {})

  it('has no inbound rules of its own', () => {
    const sg = resource(tf, 'aws_security_group', 'cflared')
    expect(sg.ingress).toBeUndefined()
    expect(sg.egress).toBeUndefined()
    expect(tf.resource.aws_security_group_rule).toBeUndefined()
    for (const rule of resourcesOf(tf, 'aws_vpc_security_group_ingress_rule')) {
      expect(rule.security_group_id).not.toBe('${aws_security_group.cflared.id}')
    }
  })

  it('allows exactly HTTPS out, the tunnel port to the Cloudflare edge, and MySQL to the two Aurora groups', () => {
    const rules = egress().map(([name, r]) => ({
      name,
      sg: r.security_group_id,
      proto: r.ip_protocol,
      ports: [r.from_port, r.to_port],
      to: r.cidr_ipv4 ?? r.referenced_security_group_id,
      each: r.for_each,
    }))
    const sg = '${aws_security_group.cflared.id}'
    expect(rules).toEqual([
      {
        name: 'aurora',
        sg,
        proto: 'tcp',
        ports: [3306, 3306],
        to: '${each.value}',
        each: '${var.aurora_security_group_ids}',
      },
      { name: 'https', sg, proto: 'tcp', ports: [443, 443], to: '0.0.0.0/0', each: undefined },
      {
        name: 'tunnel_tcp',
        sg,
        proto: 'tcp',
        ports: [7844, 7844],
        to: '${each.value}',
        each: '${toset(var.cloudflare_tunnel_edge_cidrs)}',
      },
      {
        name: 'tunnel_udp',
        sg,
        proto: 'udp',
        ports: [7844, 7844],
        to: '${each.value}',
        each: '${toset(var.cloudflare_tunnel_edge_cidrs)}',
      },
    ])
  })

  it('accepts exactly the console and aggregate Aurora security groups', () => {
    const validation = (tf.variable.aurora_security_group_ids?.validation as Block[])[0]
    expect(validation?.condition).toContain(
      'toset(keys(var.aurora_security_group_ids)) == toset(["console", "aggregate"])',
    )
  })
})

describe('instance IAM role', () => {
  const statements = () => tf.data.aws_iam_policy_document?.cflared?.statement as Block[]

  const ofRole = (type: string) =>
    resourcesOf(tf, type).filter((r) => String(r.role).startsWith('${aws_iam_role.cflared.'))

  it('is the only inline policy of the role', () => {
    expect(ofRole('aws_iam_role_policy').map((p) => p.policy)).toEqual([
      '${data.aws_iam_policy_document.cflared.json}',
    ])
  })

  it('reads only its own env secret /adventive/cloudflared/<env>', () => {
    const secretStatements = statements().filter((s) =>
      (s.actions as string[]).some((a) => a.startsWith('secretsmanager:')),
    )
    expect(secretStatements).toEqual([
      {
        sid: 'ReadOwnEnvTunnelSecret',
        actions: ['secretsmanager:GetSecretValue'],
        resources: ['${data.aws_secretsmanager_secret.tunnel.arn}'],
      },
    ])
    expect(tf.data.aws_secretsmanager_secret?.tunnel?.name).toBe('${local.secret_name}')
    expect(tf.locals.secret_name).toBe('/adventive/cloudflared/${var.env}')
  })

  it('grants no wildcard actions, and a wildcard resource only for metrics in its own namespace', () => {
    for (const s of statements()) {
      for (const action of s.actions as string[]) expect(action).not.toMatch(/\*/)
      if ((s.resources as string[]).includes('*')) {
        expect(s.actions).toEqual(['cloudwatch:PutMetricData'])
        expect(s.condition).toEqual([
          { test: 'StringEquals', variable: 'cloudwatch:namespace', values: ['${local.metrics_namespace}'] },
        ])
      }
    }
  })

  it('decrypts with the secret key only through Secrets Manager', () => {
    const kms = (tf.data.aws_iam_policy_document?.cflared?.dynamic as Block).statement as Block[]
    const content = (kms[0]?.content as Block[])[0]
    expect(content).toMatchObject({ actions: ['kms:Decrypt'], resources: ['${statement.value}'] })
    expect((content?.condition as Block[])[0]).toMatchObject({ variable: 'kms:ViaService' })
  })

  it('attaches only the SSM core managed policy', () => {
    expect(ofRole('aws_iam_role_policy_attachment').map((a) => a.policy_arn)).toEqual([
      'arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore',
    ])
  })
})

describe('alarms', () => {
  it('pages when fewer replicas than desired report for 2 minutes, treating silence as an outage', () => {
    expect(resource(tf, 'aws_cloudwatch_metric_alarm', 'replica_count')).toMatchObject({
      metric_name: 'cflared_replica_count_per_tunnel',
      statistic: 'Sum',
      period: 60,
      evaluation_periods: 2,
      threshold: '${local.size.desired}',
      comparison_operator: 'LessThanThreshold',
      treat_missing_data: 'breaching',
      alarm_actions: '${var.alarm_sns_topic_arns}',
    })
  })

  it('pages within 5 minutes when a replica reports more than 3 restarts in its last hour', () => {
    expect(resource(tf, 'aws_cloudwatch_metric_alarm', 'restart_rate')).toMatchObject({
      metric_name: 'cflared_systemd_restart_count',
      statistic: 'Maximum',
      period: 300,
      evaluation_periods: 1,
      threshold: 3,
      comparison_operator: 'GreaterThanThreshold',
    })
  })
})

describe('replica health check (tunnel runbook §5)', () => {
  const fn = () => resource(tf, 'aws_lambda_function', 'health_check')
  const statements = () => tf.data.aws_iam_policy_document?.health_check?.statement as Block[]

  it('runs the bundled health-check Lambda every minute, one run at a time', () => {
    expect(resource(tf, 'aws_cloudwatch_event_rule', 'health_check').schedule_expression).toBe(
      'rate(1 minute)',
    )
    expect(resource(tf, 'aws_cloudwatch_event_target', 'health_check').arn).toBe(
      '${aws_lambda_function.health_check.arn}',
    )
    expect(fn()).toMatchObject({
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      reserved_concurrent_executions: 1,
    })
    expect(tf.data.archive_file?.health_check?.source_file).toBe(
      '${path.module}/../../.build/health-check-lambda/index.mjs',
    )
  })

  it("tells it the env's group, the publisher's namespace and how many minutes count", () => {
    expect(nested(fn(), 'environment').variables).toEqual({
      ASG_NAME: '${aws_autoscaling_group.cflared.name}',
      ENV: '${var.env}',
      METRICS_NAMESPACE: '${local.metrics_namespace}',
      UNHEALTHY_MINUTES: '${tostring(var.health_check_minutes)}',
    })
    expect(tf.variable.health_check_minutes?.default).toBe(3)
  })

  it('may mark replicas Unhealthy only in its own group', () => {
    const mark = statements().find((s) => (s.actions as string[]).includes('autoscaling:SetInstanceHealth'))
    expect(mark?.resources).toEqual(['${aws_autoscaling_group.cflared.arn}'])
    for (const s of statements()) {
      if ((s.resources as string[]).includes('*')) {
        for (const a of s.actions as string[])
          expect(a).toMatch(/^(autoscaling:Describe|cloudwatch:GetMetricData$)/)
      }
    }
  })

  it('pages when it replaced more than 2 replicas in an hour', () => {
    expect(resource(tf, 'aws_cloudwatch_metric_alarm', 'replacements')).toMatchObject({
      metric_name: 'cflared_health_check_replacements',
      statistic: 'Sum',
      period: 3600,
      threshold: 2,
      comparison_operator: 'GreaterThanThreshold',
      alarm_actions: '${var.alarm_sns_topic_arns}',
    })
  })

  it('requires a paging destination in prd', () => {
    const rules = (tf.variable.alarm_sns_topic_arns?.validation as Block[]).map((v) => v.condition)
    expect(rules).toContain('${var.env != "prd" || length(var.alarm_sns_topic_arns) > 0}')
    expect(tf.variable.alarm_sns_topic_arns).not.toHaveProperty('default')
    expect(live.variable.alarm_sns_topic_arns).not.toHaveProperty('default')
  })
})

describe('interface', () => {
  it('gives every variable of the module and of the live root a description and a type', () => {
    expect(undocumented(tf)).toEqual([])
    expect(undocumented(live)).toEqual([])
  })

  it('validates env to dev, stg or prd', () => {
    const validation = (tf.variable.env?.validation as Block[])[0]
    expect(validation?.condition).toBe('${contains(["dev", "stg", "prd"], var.env)}')
  })

  it('documents every output', () => {
    expect(Object.keys(tf.output).sort()).toEqual([
      'autoscaling_group_name',
      'health_check_function_name',
      'instance_role_arn',
      'launch_template_id',
      'launch_template_name',
      'replica_count_alarm_name',
      'security_group_id',
      'sizing',
    ])
  })

  it('applies once per env with the workspace as env, from a per-env state', () => {
    expect(live.module.cloudflared).toMatchObject({ source: '../', env: '${terraform.workspace}' })
    expect(live.terraform.some((t) => t.backend !== undefined)).toBe(true)
  })
})
