// Lambda entry point (nodejs22.x, bundled to ESM by infra/build-lambda.ts): one run of the replica
// health check per EventBridge tick, its result logged as an EMF record (the replacement metric).
import { AutoScalingClient } from '@aws-sdk/client-auto-scaling'
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch'
import { checkReplicas, type HealthCheckConfig, type HealthCheckResult, replacementRecord } from './check.ts'

function required(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`environment variable ${name} is not set`)
  return value
}

export async function handler(): Promise<HealthCheckResult> {
  const region = required('AWS_REGION')
  const minutes = Number(required('UNHEALTHY_MINUTES'))
  if (!Number.isInteger(minutes) || minutes < 2)
    throw new Error('UNHEALTHY_MINUTES must be a whole number >= 2')
  const config: HealthCheckConfig = {
    asgName: required('ASG_NAME'),
    env: required('ENV'),
    namespace: required('METRICS_NAMESPACE'),
    unhealthyMinutes: minutes,
  }
  const now = new Date()
  const result = await checkReplicas({
    autoscaling: new AutoScalingClient({ region }),
    cloudwatch: new CloudWatchClient({ region }),
    now: () => now,
    config,
  })
  console.log(JSON.stringify(replacementRecord(result, config, now)))
  return result
}
