import { GetImageCommand, ImagebuilderClient } from '@aws-sdk/client-imagebuilder'
import { ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn'
import { GetParameterCommand, ParameterNotFound, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm'
import { mockClient } from 'aws-sdk-client-mock'
import { beforeEach, describe, expect, it } from 'vitest'
import { amiAgeRecord } from './ami-age.ts'
import { type ImageStateChange, promote, type PromotionDeps } from './promote.ts'
import { staggeredSchedule } from './schedule.ts'

const PIPELINE = 'arn:aws:imagebuilder:us-east-1:111122223333:image-pipeline/adv-cflared-pipeline'
const IMAGE = 'arn:aws:imagebuilder:us-east-1:111122223333:image/adv-cflared-image-recipe/1.0.0/7'
const STATE_MACHINE = 'arn:aws:states:us-east-1:111122223333:stateMachine:adv-cflared-rolling-update'
const PARAM = '/adventive/cloudflared/ami-id-latest'
const NEW_AMI = 'ami-0new0000000000001'
const OLD_AMI = 'ami-0old0000000000001'

const imagebuilder = mockClient(ImagebuilderClient)
const ssm = mockClient(SSMClient)
const sfn = mockClient(SFNClient)

function event(status = 'AVAILABLE'): ImageStateChange {
  return {
    id: 'e1',
    version: '0',
    account: '111122223333',
    time: '2026-12-01T06:41:00Z',
    region: 'us-east-1',
    source: 'aws.imagebuilder',
    'detail-type': 'EC2 Image Builder Image State Change',
    resources: [IMAGE],
    detail: { state: { status } },
  }
}

const deps = (): PromotionDeps => ({
  imagebuilder: new ImagebuilderClient({ region: 'us-east-1' }),
  ssm: new SSMClient({ region: 'us-east-1' }),
  sfn: new SFNClient({ region: 'us-east-1' }),
  now: () => new Date('2026-12-01T06:41:00Z'), // a Tuesday
  config: {
    parameterName: PARAM,
    stateMachineArn: STATE_MACHINE,
    pipelineArn: PIPELINE,
    region: 'us-east-1',
  },
})

beforeEach(() => {
  imagebuilder.reset()
  ssm.reset()
  sfn.reset()
  imagebuilder.on(GetImageCommand, { imageBuildVersionArn: IMAGE }).resolves({
    image: {
      sourcePipelineArn: PIPELINE,
      outputResources: {
        amis: [
          { region: 'us-west-2', image: 'ami-0west000000000001' },
          { region: 'us-east-1', image: NEW_AMI },
        ],
      },
    },
  })
  ssm.on(GetParameterCommand).resolves({ Parameter: { Name: PARAM, Value: OLD_AMI } })
  ssm.on(PutParameterCommand).resolves({ Version: 8 })
  sfn
    .on(StartExecutionCommand)
    .resolves({ executionArn: `${STATE_MACHINE}:promote-${NEW_AMI}`, startDate: new Date() })
})

describe('promote', () => {
  it('writes the region AMI to the SSM parameter and starts the staggered roll-out', async () => {
    const result = await promote(event(), deps())
    expect(result).toEqual({
      outcome: 'promoted',
      amiId: NEW_AMI,
      parameterUpdated: true,
      executionArn: `${STATE_MACHINE}:promote-${NEW_AMI}`,
    })
    expect(ssm.commandCalls(PutParameterCommand)[0]?.args[0].input).toMatchObject({
      Name: PARAM,
      Value: NEW_AMI,
      Type: 'String',
      DataType: 'aws:ec2:image',
      Overwrite: true,
    })
    const start = sfn.commandCalls(StartExecutionCommand)[0]?.args[0].input
    expect(start?.stateMachineArn).toBe(STATE_MACHINE)
    expect(start?.name).toBe(`promote-${NEW_AMI}`)
    expect(JSON.parse(start?.input ?? '{}')).toEqual({
      acceleration: 'scheduled',
      amiId: NEW_AMI,
      imageArn: IMAGE,
      plan: [
        { env: 'dev', waitUntil: '2026-12-01T07:00:00Z' },
        { env: 'stg', waitUntil: '2026-12-01T09:00:00Z' },
        { env: 'prd', waitUntil: '2026-12-01T11:00:00Z' },
      ],
    })
  })

  it('writes the parameter before starting the roll-out, and does not start it when SSM fails', async () => {
    ssm
      .on(PutParameterCommand)
      .rejects(new Error('AccessDeniedException: not authorized to perform ssm:PutParameter'))
    await expect(promote(event(), deps())).rejects.toThrow('ssm:PutParameter')
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(0)
  })

  it('fails when the parameter cannot be read for a reason other than not existing', async () => {
    ssm.on(GetParameterCommand).rejects(new Error('ThrottlingException'))
    await expect(promote(event(), deps())).rejects.toThrow('ThrottlingException')
    expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(0)
  })

  it('creates the parameter when it does not exist yet', async () => {
    ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'not found', $metadata: {} }))
    const result = await promote(event(), deps())
    expect(result).toMatchObject({ outcome: 'promoted', parameterUpdated: true })
  })

  it('is idempotent: a re-delivered event writes nothing and starts no second roll-out', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: PARAM, Value: NEW_AMI } })
    sfn
      .on(StartExecutionCommand)
      .rejects(new ExecutionAlreadyExists({ message: 'Execution Already Exists', $metadata: {} }))
    const result = await promote(event(), deps())
    expect(result).toEqual({ outcome: 'already-promoted', amiId: NEW_AMI, parameterUpdated: false })
    expect(ssm.commandCalls(PutParameterCommand)).toHaveLength(0)
  })

  it('still starts the roll-out when a previous run wrote the parameter but died before starting it', async () => {
    ssm.on(GetParameterCommand).resolves({ Parameter: { Name: PARAM, Value: NEW_AMI } })
    const result = await promote(event(), deps())
    expect(result).toMatchObject({ outcome: 'promoted', parameterUpdated: false })
    expect(sfn.commandCalls(StartExecutionCommand)).toHaveLength(1)
  })

  it('ignores images that are not available yet', async () => {
    expect(await promote(event('TESTING'), deps())).toEqual({
      outcome: 'ignored',
      reason: 'image state TESTING',
    })
    expect(imagebuilder.calls()).toHaveLength(0)
  })

  it('ignores images built by another pipeline', async () => {
    imagebuilder
      .on(GetImageCommand)
      .resolves({ image: { sourcePipelineArn: `${PIPELINE}-other`, outputResources: { amis: [] } } })
    expect(await promote(event(), deps())).toMatchObject({ outcome: 'ignored' })
    expect(ssm.calls()).toHaveLength(0)
  })

  it('fails loudly when the image has no AMI in the Lambda region', async () => {
    imagebuilder.on(GetImageCommand).resolves({
      image: {
        sourcePipelineArn: PIPELINE,
        outputResources: { amis: [{ region: 'us-west-2', image: 'ami-0west000000000001' }] },
      },
    })
    await expect(promote(event(), deps())).rejects.toThrow(`image ${IMAGE} has no AMI in us-east-1`)
  })
})

describe('staggeredSchedule', () => {
  it('uses the same Tuesday when the AMI is ready before 07:00 UTC', () => {
    expect(staggeredSchedule(new Date('2026-12-01T06:59:59Z')).map((s) => s.waitUntil)).toEqual([
      '2026-12-01T07:00:00Z',
      '2026-12-01T09:00:00Z',
      '2026-12-01T11:00:00Z',
    ])
  })

  it('moves to the next Tuesday when the AMI is ready after the dev slot or on another day', () => {
    expect(staggeredSchedule(new Date('2026-12-01T07:00:01Z'))[0]?.waitUntil).toBe('2026-12-08T07:00:00Z')
    expect(staggeredSchedule(new Date('2026-12-03T15:00:00Z'))[2]).toEqual({
      env: 'prd',
      waitUntil: '2026-12-08T11:00:00Z',
    })
    expect(staggeredSchedule(new Date('2026-12-28T23:00:00Z'))[0]?.waitUntil).toBe('2026-12-29T07:00:00Z')
  })
})

describe('amiAgeRecord', () => {
  it('reports whole days since the parameter was last written, in Embedded Metric Format', async () => {
    ssm
      .on(GetParameterCommand)
      .resolves({ Parameter: { Value: NEW_AMI, LastModifiedDate: new Date('2026-11-05T12:00:00Z') } })
    const record = await amiAgeRecord(
      new SSMClient({}),
      PARAM,
      'Adventive/Cloudflared',
      new Date('2026-11-27T11:00:00Z'),
    )
    expect(record.imagebuilder_ami_age_days).toBe(21)
    expect(record._aws).toMatchObject({
      CloudWatchMetrics: [
        {
          Namespace: 'Adventive/Cloudflared',
          Dimensions: [[]],
          Metrics: [{ Name: 'imagebuilder_ami_age_days', Unit: 'Count' }],
        },
      ],
    })
  })
})
