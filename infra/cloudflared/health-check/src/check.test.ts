// The replica health check against mocked AWS clients (aws-sdk-client-mock): which replica it marks
// Unhealthy, and when it leaves them alone.
import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeInstanceRefreshesCommand,
  SetInstanceHealthCommand,
} from '@aws-sdk/client-auto-scaling'
import { CloudWatchClient, GetMetricDataCommand, type MetricDataQuery } from '@aws-sdk/client-cloudwatch'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it } from 'vitest'
import { checkReplicas, type HealthCheckDeps, REPLACEMENT_METRIC, replacementRecord } from './check.ts'

const autoscaling = mockClient(AutoScalingClient)
const cloudwatch = mockClient(CloudWatchClient)
const NOW = new Date('2026-12-02T10:30:20Z')
const config = {
  asgName: 'adv-cflared-prd',
  env: 'prd',
  namespace: 'Adventive/Cloudflared',
  unhealthyMinutes: 3,
}
const minute = (ago: number) => new Date(Date.UTC(2026, 11, 2, 10, 30 - ago))

const deps = (): HealthCheckDeps => ({
  autoscaling: new AutoScalingClient({ region: 'us-east-1' }),
  cloudwatch: new CloudWatchClient({ region: 'us-east-1' }),
  now: () => NOW,
  config,
})

function group(...instances: { id: string; state?: string; health?: string }[]) {
  autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({
    AutoScalingGroups: [
      {
        AutoScalingGroupName: 'adv-cflared-prd',
        Instances: instances.map((i) => ({
          InstanceId: i.id,
          LifecycleState: i.state ?? 'InService',
          HealthStatus: i.health ?? 'Healthy',
        })),
      } as never,
    ],
  })
}

/** Per instance, the values of the newest minutes first (undefined = no data point that minute). */
function metrics(byInstance: Record<string, (number | undefined)[]>) {
  cloudwatch.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: MetricDataQuery[] }) => ({
    MetricDataResults: input.MetricDataQueries.map((q) => {
      const id = q.MetricStat!.Metric!.Dimensions!.find((d) => d.Name === 'InstanceId')!.Value!
      const points = (byInstance[id] ?? []).flatMap((v, ago) =>
        v === undefined ? [] : [{ v, t: minute(ago) }],
      )
      return { Id: q.Id, Values: points.map((p) => p.v), Timestamps: points.map((p) => p.t) }
    }),
  }))
}

const marked = () => autoscaling.commandCalls(SetInstanceHealthCommand).map((c) => c.args[0].input)

beforeEach(() => {
  autoscaling.reset()
  cloudwatch.reset()
  autoscaling.on(DescribeInstanceRefreshesCommand).resolves({ InstanceRefreshes: [{ Status: 'Successful' }] })
  autoscaling.on(SetInstanceHealthCommand).resolves({})
})

describe('checkReplicas', () => {
  it('leaves connected replicas alone', async () => {
    group({ id: 'i-a' }, { id: 'i-b' })
    metrics({ 'i-a': [1, 1, 1, 1], 'i-b': [1, 1, 1, 1] })
    const result = await checkReplicas(deps())
    expect(result.replaced).toEqual([])
    expect(result.verdicts.map((v) => v.action)).toEqual(['keep', 'keep'])
    expect(marked()).toEqual([])
  })

  it('marks a replica that reported 0 for 3 minutes Unhealthy, respecting the grace period', async () => {
    group({ id: 'i-a' }, { id: 'i-b' })
    metrics({ 'i-a': [1, 1, 1, 1], 'i-b': [0, 0, 0, 1] })
    const result = await checkReplicas(deps())
    expect(result.replaced).toEqual(['i-b'])
    expect(marked()).toEqual([
      { InstanceId: 'i-b', HealthStatus: 'Unhealthy', ShouldRespectGracePeriod: true },
    ])
    expect(result.verdicts[1]).toMatchObject({
      action: 'replace',
      reason: 'not connected to the edge for 3 minutes',
    })
  })

  it('waits while a replica has been disconnected for less than 3 minutes', async () => {
    group({ id: 'i-a' })
    metrics({ 'i-a': [0, 0, 1, 1] })
    expect((await checkReplicas(deps())).replaced).toEqual([])
    expect(marked()).toEqual([])
  })

  it('does not act without enough data (a replica just booted, or its publisher is silent)', async () => {
    group({ id: 'i-new' })
    metrics({ 'i-new': [0, undefined, undefined] })
    const result = await checkReplicas(deps())
    expect(result.verdicts[0]).toMatchObject({ action: 'keep', reason: 'not enough data (1 of 3 minutes)' })
    expect(marked()).toEqual([])
  })

  it('ignores data older than the window', async () => {
    group({ id: 'i-a' })
    metrics({ 'i-a': [undefined, undefined, undefined, undefined, 0, 0, 0] })
    expect((await checkReplicas(deps())).replaced).toEqual([])
  })

  it('replaces one replica per run even when several are disconnected', async () => {
    group({ id: 'i-a' }, { id: 'i-b' })
    metrics({ 'i-a': [0, 0, 0], 'i-b': [0, 0, 0] })
    const result = await checkReplicas(deps())
    expect(result.replaced).toEqual(['i-a'])
    expect(marked()).toHaveLength(1)
    expect(result.verdicts[1]!.reason).toContain('one replacement per run')
  })

  it('does nothing while an instance refresh runs', async () => {
    autoscaling.on(DescribeInstanceRefreshesCommand).resolves({
      InstanceRefreshes: [{ InstanceRefreshId: 'r-1', Status: 'InProgress' }],
    })
    group({ id: 'i-a' })
    metrics({ 'i-a': [0, 0, 0, 0] })
    const result = await checkReplicas(deps())
    expect(result.skipped).toBe('instance refresh r-1 is InProgress')
    expect(marked()).toEqual([])
    expect(cloudwatch.commandCalls(GetMetricDataCommand)).toHaveLength(0)
  })

  it('only judges InService, Healthy replicas', async () => {
    group({ id: 'i-pending', state: 'Pending' }, { id: 'i-sick', health: 'Unhealthy' }, { id: 'i-a' })
    metrics({ 'i-pending': [0, 0, 0], 'i-sick': [0, 0, 0], 'i-a': [1, 1, 1] })
    const result = await checkReplicas(deps())
    expect(result.verdicts.map((v) => v.instanceId)).toEqual(['i-a'])
    expect(marked()).toEqual([])
  })

  it("reads each replica's own {Env, InstanceId} series, per minute, from the publisher's namespace", async () => {
    group({ id: 'i-a' })
    metrics({ 'i-a': [1, 1, 1] })
    await checkReplicas(deps())
    const input = cloudwatch.commandCalls(GetMetricDataCommand)[0]!.args[0].input
    expect(input.MetricDataQueries![0]!.MetricStat).toEqual({
      Metric: {
        Namespace: 'Adventive/Cloudflared',
        MetricName: 'cflared_replica_count_per_tunnel',
        Dimensions: [
          { Name: 'Env', Value: 'prd' },
          { Name: 'InstanceId', Value: 'i-a' },
        ],
      },
      Period: 60,
      Stat: 'Maximum',
    })
    expect(input.StartTime).toEqual(new Date(NOW.getTime() - 5 * 60_000))
  })

  it('fails loudly when the group does not exist or the replacement is refused', async () => {
    autoscaling.on(DescribeAutoScalingGroupsCommand).resolves({ AutoScalingGroups: [] })
    await expect(checkReplicas(deps())).rejects.toThrow('Auto Scaling group adv-cflared-prd not found')
    group({ id: 'i-a' })
    metrics({ 'i-a': [0, 0, 0] })
    autoscaling.on(SetInstanceHealthCommand).rejects(new Error('AccessDenied'))
    await expect(checkReplicas(deps())).rejects.toThrow('AccessDenied')
  })
})

describe('replacementRecord', () => {
  it('emits the replacement count as an EMF metric per env', () => {
    const record = replacementRecord({ asg: 'adv-cflared-prd', verdicts: [], replaced: ['i-b'] }, config, NOW)
    expect(record).toMatchObject({
      _aws: {
        Timestamp: NOW.getTime(),
        CloudWatchMetrics: [
          {
            Namespace: 'Adventive/Cloudflared',
            Dimensions: [['Env']],
            Metrics: [{ Name: REPLACEMENT_METRIC, Unit: 'Count' }],
          },
        ],
      },
      Env: 'prd',
      [REPLACEMENT_METRIC]: 1,
    })
  })
})
