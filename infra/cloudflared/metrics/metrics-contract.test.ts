// The publisher baked into the AMI, the per-env alarms and the instance role agree: cflared-metrics.sh
// runs here against its bats stubs (fake IMDSv2, metrics endpoint, systemd and CloudWatch), and the
// alarms of ../alarms.tf are evaluated on exactly the data points it sends.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { loadTerraform, resource, type Block, type TerraformDir } from '../../test-support/terraform.ts'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))
const SCRIPT = here('./cflared-metrics.sh')
const STUBS = [here('./test-stubs'), here('../lib/test-stubs')]
// 2026-11-27T10:15:42Z
const NOW = 1795774542

interface Datum {
  MetricName: string
  Dimensions: { Name: string; Value: string }[]
  Timestamp: string
  Value: number
  Unit: string
}

interface Replica {
  instanceId: string
  /** cloudflared_tunnel_ha_connections, or null when the metrics endpoint does not answer. */
  haConnections: number | null
  /** NRestarts seen by one run per minute, oldest first; the last run's data points are returned. */
  nRestarts?: number[]
}

let tf: TerraformDir
const scratch: string[] = []
beforeAll(async () => {
  tf = await loadTerraform(here('..'))
})
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** Runs the publisher as one replica of `env` would, and returns its namespace and data points. */
function publish(env: string, replica: Replica): { namespace: string; data: Datum[] } {
  const dir = mkdtempSync(join(tmpdir(), 'cflared-metrics-'))
  scratch.push(dir)
  const metricsFile = join(dir, 'metrics.txt')
  if (replica.haConnections !== null) {
    writeFileSync(metricsFile, `cloudflared_tunnel_ha_connections ${replica.haConnections}\n`)
  }
  const runs = replica.nRestarts ?? [0]
  runs.forEach((nRestarts, i) => {
    execFileSync('bash', [SCRIPT], {
      stdio: 'pipe',
      env: {
        PATH: [...STUBS, process.env.PATH].join(':'),
        STUB_LOG: dir,
        STUB_TOKEN: 'tok-contract',
        STUB_ENV: env,
        STUB_REGION: 'us-east-1',
        STUB_INSTANCE_ID: replica.instanceId,
        STUB_NRESTARTS: String(nRestarts),
        STUB_METRICS_FILE: metricsFile,
        CFLARED_METRICS_STATE_DIR: join(dir, 'state'),
        CFLARED_METRICS_NOW: String(NOW - (runs.length - 1 - i) * 60),
      },
    })
  })
  const call = readFileSync(join(dir, 'aws.log'), 'utf8').trim().split('\n').at(-1) ?? ''
  return {
    namespace: /--namespace (\S+)/.exec(call)?.[1] ?? '',
    data: JSON.parse(readFileSync(join(dir, 'metric-data.json'), 'utf8')) as Datum[],
  }
}

const alarm = (name: string) => resource(tf, 'aws_cloudwatch_metric_alarm', name)
const desired = (env: string) => (tf.locals.sizing as Record<string, { desired: number }>)[env]?.desired

/** The alarm's statistic over one minute of the data points of all replicas of `env`. */
function evaluate(a: Block, env: string, replicas: Replica[]): number {
  const dims = Object.entries(a.dimensions as Record<string, string>).map(([k, v]) => [
    k,
    v === '${var.env}' ? env : v,
  ])
  const values = replicas
    .flatMap((r) => publish(env, r).data)
    .filter(
      (d) =>
        d.MetricName === a.metric_name &&
        JSON.stringify(d.Dimensions.map((x) => [x.Name, x.Value])) === JSON.stringify(dims),
    )
    .map((d) => d.Value)
  if (values.length === 0) throw new Error(`no data point for ${String(a.metric_name)}`)
  if (a.statistic === 'Sum') return values.reduce((x, y) => x + y, 0)
  if (a.statistic === 'Maximum') return Math.max(...values)
  throw new Error(`statistic ${String(a.statistic)} not modelled`)
}

function breaches(a: Block, env: string, value: number): boolean {
  const threshold = a.threshold === '${local.size.desired}' ? desired(env) : a.threshold
  if (typeof threshold !== 'number') throw new Error(`threshold ${String(a.threshold)} not modelled`)
  if (a.comparison_operator === 'LessThanThreshold') return value < threshold
  if (a.comparison_operator === 'GreaterThanThreshold') return value > threshold
  throw new Error(`comparison ${String(a.comparison_operator)} not modelled`)
}

const up = (instanceId: string, nRestarts?: number[]): Replica => ({
  instanceId,
  haConnections: 4,
  nRestarts,
})

describe('what the publisher sends and what the alarms read', () => {
  it('publishes both alarmed metrics into the namespace the alarms and the IAM condition name', () => {
    const { namespace, data } = publish('prd', up('i-0aaaaaaaaaaaaaaa1'))
    expect(tf.locals.metrics_namespace).toBe(namespace)
    for (const name of ['replica_count', 'restart_rate']) {
      expect(alarm(name).namespace).toBe('${local.metrics_namespace}')
      expect(data.map((d) => d.MetricName)).toContain(alarm(name).metric_name)
    }
    const statement = (tf.data.aws_iam_policy_document?.cflared?.statement as Block[]).find((s) =>
      (s.actions as string[]).includes('cloudwatch:PutMetricData'),
    )
    expect(statement).toMatchObject({
      actions: ['cloudwatch:PutMetricData'],
      condition: [
        { test: 'StringEquals', variable: 'cloudwatch:namespace', values: ['${local.metrics_namespace}'] },
      ],
    })
  })

  it('sends, for every metric, the exact dimension set each alarm filters on, valued with the env tag', () => {
    const { data } = publish('stg', up('i-0aaaaaaaaaaaaaaa1'))
    for (const name of ['replica_count', 'restart_rate']) {
      const a = alarm(name)
      expect(a.dimensions).toEqual({ Env: '${var.env}' })
      const sets = data.filter((d) => d.MetricName === a.metric_name).map((d) => d.Dimensions)
      expect(sets).toContainEqual([{ Name: 'Env', Value: 'stg' }])
    }
    // The Env value is the instance tag adv:env, which the module sets to var.env.
    expect(tf.locals.tags).toMatch(/"adv:env" = var\.env/)
  })

  it('counts connected replicas per minute: all prd replicas stamp the same 60 s bucket as the alarm period', () => {
    expect(alarm('replica_count')).toMatchObject({ statistic: 'Sum', period: 60 })
    const stamps = ['i-0aaaaaaaaaaaaaaa1', 'i-0bbbbbbbbbbbbbbb2'].flatMap((id) =>
      publish('prd', up(id)).data.map((d) => d.Timestamp),
    )
    expect(new Set(stamps)).toEqual(new Set(['2026-11-27T10:15:00Z']))
  })

  it('keeps the replica-count alarm OK while every desired replica holds an edge connection', () => {
    const a = alarm('replica_count')
    const prd = [up('i-0aaaaaaaaaaaaaaa1'), up('i-0bbbbbbbbbbbbbbb2')]
    expect(evaluate(a, 'prd', prd)).toBe(2)
    expect(breaches(a, 'prd', 2)).toBe(false)
    expect(evaluate(a, 'dev', [up('i-0ccccccccccccccc3')])).toBe(1)
    expect(breaches(a, 'dev', 1)).toBe(false)
    // A third replica during a rolling update (2 -> 3 -> 2) only adds.
    expect(breaches(a, 'prd', evaluate(a, 'prd', [...prd, up('i-0ddddddddddddddd4')]))).toBe(false)
  })

  it('breaches the replica-count alarm when one prd replica lost its edge connections or its metrics endpoint', () => {
    const a = alarm('replica_count')
    const noEdge = { instanceId: 'i-0bbbbbbbbbbbbbbb2', haConnections: 0 }
    const noEndpoint = { instanceId: 'i-0bbbbbbbbbbbbbbb2', haConnections: null }
    for (const down of [noEdge, noEndpoint]) {
      const value = evaluate(a, 'prd', [up('i-0aaaaaaaaaaaaaaa1'), down])
      expect(value).toBe(1)
      expect(breaches(a, 'prd', value)).toBe(true)
    }
  })

  it('breaches the restart alarm when one replica restarted 4 times within the hour, not at 3', () => {
    const a = alarm('restart_rate')
    const flapping = up('i-0aaaaaaaaaaaaaaa1', [0, 1, 2, 3, 4])
    const steady = up('i-0bbbbbbbbbbbbbbb2', [0, 0])
    expect(evaluate(a, 'prd', [flapping, steady])).toBe(4)
    expect(breaches(a, 'prd', 4)).toBe(true)
    const value = evaluate(a, 'prd', [up('i-0aaaaaaaaaaaaaaa1', [0, 1, 2, 3]), steady])
    expect(value).toBe(3)
    expect(breaches(a, 'prd', value)).toBe(false)
  })
})
