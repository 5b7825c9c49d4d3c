// The promotion stack's wiring, read from its HCL.
import { fileURLToPath } from 'node:url'
import { beforeAll, expect, it } from 'vitest'
import {
  loadTerraform,
  nested,
  resource,
  undocumented,
  type Block,
  type TerraformDir,
} from '../test-support/terraform.ts'

let tf: TerraformDir
beforeAll(async () => {
  tf = await loadTerraform(fileURLToPath(new URL('.', import.meta.url)))
})

it('fires the Lambda when an Image Builder image becomes AVAILABLE', () => {
  const pattern = resource(tf, 'aws_cloudwatch_event_rule', 'image_available').event_pattern as string
  expect(pattern).toContain('source        = ["aws.imagebuilder"]')
  expect(pattern).toContain('"detail-type" = ["EC2 Image Builder Image State Change"]')
  expect(pattern).toContain('detail        = { state = { status = ["AVAILABLE"] } }')
})

it('tells the Lambda which parameter, pipeline and state machine it works with', () => {
  const env = nested(resource(tf, 'aws_lambda_function', 'promotion'), 'environment').variables
  expect(env).toMatchObject({
    AMI_PARAMETER_NAME: '${aws_ssm_parameter.ami_latest.name}',
    STATE_MACHINE_ARN: '${aws_sfn_state_machine.rolling_update.arn}',
    PIPELINE_ARN: '${local.pipeline}',
  })
  expect(tf.variable.ami_parameter_name?.default).toBe('/adventive/cloudflared/ami-id-latest')
})

it('lets the Lambda write only the AMI parameter and start only the roll-out', () => {
  const statements = tf.data.aws_iam_policy_document?.promotion?.statement as Block[]
  expect(statements.find((s) => s.sid === 'OwnAmiParameter')?.resources).toEqual([
    '${aws_ssm_parameter.ami_latest.arn}',
  ])
  expect(statements.find((s) => s.sid === 'StartRollout')?.resources).toEqual([
    '${aws_sfn_state_machine.rolling_update.arn}',
  ])
})

it('leaves the parameter value to the Lambda after the first apply', () => {
  const param = resource(tf, 'aws_ssm_parameter', 'ami_latest')
  expect(param).toMatchObject({ type: 'String', data_type: 'aws:ec2:image' })
  expect(nested(param, 'lifecycle').ignore_changes).toEqual(['${value}'])
})

it('deploys the committed ASL as adv-cflared-rolling-update', () => {
  const sm = resource(tf, 'aws_sfn_state_machine', 'rolling_update')
  expect(sm.name).toBe('${local.name}')
  expect(tf.locals.name).toBe('adv-cflared-rolling-update')
  expect(sm.definition).toMatch(
    /^\$\{templatefile\("\$\{path\.module\}\/state-machine\/adv-cflared-rolling-update\.asl\.json"/,
  )
})

it('warns when the promoted AMI is older than 21 days', () => {
  expect(resource(tf, 'aws_cloudwatch_metric_alarm', 'ami_age')).toMatchObject({
    metric_name: 'imagebuilder_ami_age_days',
    threshold: 21,
    comparison_operator: 'GreaterThanThreshold',
    period: 86400,
  })
})

it('describes and types every variable and describes every output', () => {
  expect(undocumented(tf)).toEqual([])
})
