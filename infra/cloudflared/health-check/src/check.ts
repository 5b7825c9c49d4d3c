// The replica health check the tunnel runbook promises (plan §1, "cloudflared running but tunnel
// reports unhealthy"): every minute, for one env's ASG, read each InService replica's own
// cflared_replica_count_per_tunnel series ({Env, InstanceId}, published by cflared-metrics.sh) and
// mark a replica that has reported "not connected" (0) for the last N minutes Unhealthy, so the ASG
// replaces it. It acts only on positive evidence: a replica with too few data points (just booted,
// or its publisher is silent) is left to the EC2 status check and the replica-count alarm. At most
// one replica per run, never during an instance refresh, and always within the ASG's grace period
// rules (ShouldRespectGracePeriod).
import {
  type AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  DescribeInstanceRefreshesCommand,
  SetInstanceHealthCommand,
} from '@aws-sdk/client-auto-scaling'
import { type CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch'

export const REPLICA_METRIC = 'cflared_replica_count_per_tunnel'
export const REPLACEMENT_METRIC = 'cflared_health_check_replacements'
const ACTIVE_REFRESH = new Set(['Pending', 'InProgress', 'Cancelling', 'RollbackInProgress', 'Baking'])
const MINUTE_MS = 60_000

export interface HealthCheckConfig {
  asgName: string
  env: string
  namespace: string
  /** Consecutive minutes a replica must report 0 before it is replaced. */
  unhealthyMinutes: number
}

export interface HealthCheckDeps {
  autoscaling: Pick<AutoScalingClient, 'send'>
  cloudwatch: Pick<CloudWatchClient, 'send'>
  now: () => Date
  config: HealthCheckConfig
}

export interface Verdict {
  instanceId: string
  action: 'replace' | 'keep'
  reason: string
}

export interface HealthCheckResult {
  asg: string
  skipped?: string
  verdicts: Verdict[]
  replaced: string[]
}

/** Judges one replica from its series (newest first): its newest `minutes` points of the window. */
function judge(
  values: number[],
  timestamps: Date[],
  now: Date,
  minutes: number,
): Omit<Verdict, 'instanceId'> {
  const since = now.getTime() - (minutes + 1) * MINUTE_MS
  const recent = values.filter((_, i) => (timestamps[i]?.getTime() ?? 0) >= since).slice(0, minutes)
  if (recent.length < minutes) {
    return { action: 'keep', reason: `not enough data (${recent.length} of ${minutes} minutes)` }
  }
  if (recent.some((v) => v > 0)) return { action: 'keep', reason: 'connected' }
  return { action: 'replace', reason: `not connected to the edge for ${minutes} minutes` }
}

export async function checkReplicas(deps: HealthCheckDeps): Promise<HealthCheckResult> {
  const { asgName, env, namespace, unhealthyMinutes } = deps.config
  const now = deps.now()
  const groups = await deps.autoscaling.send(
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [asgName] }),
  )
  const group = groups.AutoScalingGroups?.[0]
  if (!group) throw new Error(`Auto Scaling group ${asgName} not found`)

  const refreshes = await deps.autoscaling.send(
    new DescribeInstanceRefreshesCommand({ AutoScalingGroupName: asgName, MaxRecords: 5 }),
  )
  const active = refreshes.InstanceRefreshes?.find((r) => ACTIVE_REFRESH.has(r.Status ?? ''))
  if (active) {
    return {
      asg: asgName,
      skipped: `instance refresh ${active.InstanceRefreshId} is ${active.Status}`,
      verdicts: [],
      replaced: [],
    }
  }

  const instances = (group.Instances ?? []).filter(
    (i) => i.LifecycleState === 'InService' && i.HealthStatus === 'Healthy' && i.InstanceId,
  )
  if (instances.length === 0) return { asg: asgName, verdicts: [], replaced: [] }

  const data = await deps.cloudwatch.send(
    new GetMetricDataCommand({
      StartTime: new Date(now.getTime() - (unhealthyMinutes + 2) * MINUTE_MS),
      EndTime: now,
      ScanBy: 'TimestampDescending',
      MetricDataQueries: instances.map((instance, index) => ({
        Id: `r${index}`,
        ReturnData: true,
        MetricStat: {
          Metric: {
            Namespace: namespace,
            MetricName: REPLICA_METRIC,
            Dimensions: [
              { Name: 'Env', Value: env },
              { Name: 'InstanceId', Value: instance.InstanceId! },
            ],
          },
          Period: 60,
          Stat: 'Maximum',
        },
      })),
    }),
  )
  const series = new Map((data.MetricDataResults ?? []).map((r) => [r.Id, r]))

  const verdicts: Verdict[] = instances.map((instance, index) => {
    const result = series.get(`r${index}`)
    return {
      instanceId: instance.InstanceId!,
      ...judge(result?.Values ?? [], result?.Timestamps ?? [], now, unhealthyMinutes),
    }
  })

  // One replacement per run: a tunnel-wide problem (credentials rotated upstream) must page a
  // human through the replacement alarm, not churn every replica at once.
  const victim = verdicts.find((v) => v.action === 'replace')
  if (victim) {
    await deps.autoscaling.send(
      new SetInstanceHealthCommand({
        InstanceId: victim.instanceId,
        HealthStatus: 'Unhealthy',
        ShouldRespectGracePeriod: true,
      }),
    )
  }
  for (const v of verdicts) {
    if (v.action === 'replace' && v !== victim) {
      v.action = 'keep'
      v.reason += ' (waits for the next run: one replacement per run)'
    }
  }
  return { asg: asgName, verdicts, replaced: victim ? [victim.instanceId] : [] }
}

/** The result as a CloudWatch Embedded Metric Format record: the replacement count per env. */
export function replacementRecord(result: HealthCheckResult, config: HealthCheckConfig, now: Date) {
  return {
    _aws: {
      Timestamp: now.getTime(),
      CloudWatchMetrics: [
        {
          Namespace: config.namespace,
          Dimensions: [['Env']],
          Metrics: [{ Name: REPLACEMENT_METRIC, Unit: 'Count' }],
        },
      ],
    },
    Env: config.env,
    [REPLACEMENT_METRIC]: result.replaced.length,
    ...result,
  }
}
