// Daily AMI-age metric (plan: alarm when the promoted AMI is older than 21 days, i.e. the weekly
// pipeline keeps failing). The age of /adventive/cloudflared/ami-id-latest's last write is the age
// of the promoted AMI; it is emitted in CloudWatch Embedded Metric Format on stdout, which Lambda's
// log group turns into the metric without a CloudWatch API call.
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm'

export const AMI_AGE_METRIC = 'imagebuilder_ami_age_days'
const DAY_MS = 86_400_000

export async function amiAgeRecord(
  ssm: Pick<SSMClient, 'send'>,
  parameterName: string,
  namespace: string,
  now: Date,
): Promise<Record<string, unknown>> {
  const { Parameter } = await ssm.send(new GetParameterCommand({ Name: parameterName }))
  const modified = Parameter?.LastModifiedDate
  if (!modified) throw new Error(`${parameterName} has no LastModifiedDate`)
  const ageDays = Math.floor((now.getTime() - modified.getTime()) / DAY_MS)
  return {
    _aws: {
      Timestamp: now.getTime(),
      CloudWatchMetrics: [
        { Namespace: namespace, Dimensions: [[]], Metrics: [{ Name: AMI_AGE_METRIC, Unit: 'Count' }] },
      ],
    },
    [AMI_AGE_METRIC]: ageDays,
    amiId: Parameter?.Value,
  }
}
