// Lambda entry point (nodejs22.x, bundled to ESM): Image Builder state changes promote a new AMI;
// the daily schedule emits the AMI-age metric.
import { ImagebuilderClient } from '@aws-sdk/client-imagebuilder'
import { SFNClient } from '@aws-sdk/client-sfn'
import { SSMClient } from '@aws-sdk/client-ssm'
import type { EventBridgeEvent } from 'aws-lambda'
import { amiAgeRecord } from './ami-age.ts'
import { type ImageStateChange, promote, type PromotionResult } from './promote.ts'

function required(name: string): string {
  const value = process.env[name]
  if (!value) throw new Error(`environment variable ${name} is not set`)
  return value
}

const region = required('AWS_REGION')
const clients = {
  imagebuilder: new ImagebuilderClient({ region }),
  ssm: new SSMClient({ region }),
  sfn: new SFNClient({ region }),
}

export async function handler(
  event: EventBridgeEvent<string, unknown>,
): Promise<PromotionResult | { ageDays: unknown }> {
  const parameterName = required('AMI_PARAMETER_NAME')
  if (event['detail-type'] === 'Scheduled Event') {
    const record = await amiAgeRecord(clients.ssm, parameterName, required('METRICS_NAMESPACE'), new Date())
    console.log(JSON.stringify(record))
    return { ageDays: record.imagebuilder_ami_age_days }
  }
  const result = await promote(event as ImageStateChange, {
    ...clients,
    now: () => new Date(),
    config: {
      parameterName,
      stateMachineArn: required('STATE_MACHINE_ARN'),
      pipelineArn: required('PIPELINE_ARN'),
      region,
    },
  })
  console.log(JSON.stringify({ msg: 'ami promotion', ...result }))
  return result
}
