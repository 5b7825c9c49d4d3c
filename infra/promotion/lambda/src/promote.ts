// AMI promotion: on "EC2 Image Builder Image State Change" to AVAILABLE for our pipeline, point
// /adventive/cloudflared/ami-id-latest at the new AMI and start adv-cflared-rolling-update with the
// staggered schedule. Safe to run twice for the same image: the parameter is only written when it
// differs, and the execution name is derived from the AMI id, so a second start is refused.
import { GetImageCommand, type ImagebuilderClient } from '@aws-sdk/client-imagebuilder'
import { ExecutionAlreadyExists, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn'
import {
  GetParameterCommand,
  ParameterNotFound,
  PutParameterCommand,
  type SSMClient,
} from '@aws-sdk/client-ssm'
import type { EventBridgeEvent } from 'aws-lambda'
import { staggeredSchedule } from './schedule.ts'

export type ImageStateChange = EventBridgeEvent<
  'EC2 Image Builder Image State Change',
  { state?: { status?: string } }
>

export interface PromotionConfig {
  parameterName: string
  stateMachineArn: string
  pipelineArn: string
  region: string
}

export interface PromotionDeps {
  imagebuilder: Pick<ImagebuilderClient, 'send'>
  ssm: Pick<SSMClient, 'send'>
  sfn: Pick<SFNClient, 'send'>
  now: () => Date
  config: PromotionConfig
}

export type PromotionResult =
  | { outcome: 'ignored'; reason: string }
  | {
      outcome: 'promoted' | 'already-promoted'
      amiId: string
      parameterUpdated: boolean
      executionArn?: string
    }

async function currentAmi(deps: PromotionDeps): Promise<string | undefined> {
  try {
    const out = await deps.ssm.send(new GetParameterCommand({ Name: deps.config.parameterName }))
    return out.Parameter?.Value
  } catch (error) {
    if (error instanceof ParameterNotFound) return undefined
    throw error
  }
}

export async function promote(event: ImageStateChange, deps: PromotionDeps): Promise<PromotionResult> {
  const status = event.detail?.state?.status
  if (status !== 'AVAILABLE') return { outcome: 'ignored', reason: `image state ${status ?? 'unknown'}` }
  const imageArn = event.resources[0]
  if (!imageArn) throw new Error('image state change event names no image')

  const { image } = await deps.imagebuilder.send(new GetImageCommand({ imageBuildVersionArn: imageArn }))
  if (image?.sourcePipelineArn !== deps.config.pipelineArn) {
    return { outcome: 'ignored', reason: `image ${imageArn} is not from ${deps.config.pipelineArn}` }
  }
  const amiId = image.outputResources?.amis?.find((ami) => ami.region === deps.config.region)?.image
  if (!amiId) throw new Error(`image ${imageArn} has no AMI in ${deps.config.region}`)

  const parameterUpdated = (await currentAmi(deps)) !== amiId
  if (parameterUpdated) {
    await deps.ssm.send(
      new PutParameterCommand({
        Name: deps.config.parameterName,
        Value: amiId,
        Type: 'String',
        DataType: 'aws:ec2:image',
        Overwrite: true,
        Description: `cloudflared AMI from ${imageArn}`,
      }),
    )
  }

  const input = { acceleration: 'scheduled', amiId, imageArn, plan: staggeredSchedule(deps.now()) }
  try {
    const started = await deps.sfn.send(
      new StartExecutionCommand({
        stateMachineArn: deps.config.stateMachineArn,
        name: `promote-${amiId}`,
        input: JSON.stringify(input),
      }),
    )
    return { outcome: 'promoted', amiId, parameterUpdated, executionArn: started.executionArn }
  } catch (error) {
    if (error instanceof ExecutionAlreadyExists)
      return { outcome: 'already-promoted', amiId, parameterUpdated }
    throw error
  }
}
