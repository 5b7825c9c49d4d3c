// adv-cflared-rolling-update: valid Amazon States Language, and the gating the plan asks for.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { staggeredSchedule } from '../lambda/src/schedule.ts'

type Json = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any
const validate = createRequire(import.meta.url)('asl-validator') as (d: unknown) => {
  isValid: boolean
  errors: { message: string }[]
}

const template = readFileSync(
  fileURLToPath(new URL('./adv-cflared-rolling-update.asl.json', import.meta.url)),
  'utf8',
)
// What Terraform's templatefile() renders.
const render = (text: string) =>
  text
    .replaceAll('${ami_parameter_name}', '/adventive/cloudflared/ami-id-latest')
    .replaceAll(
      '${notification_topic_arn}',
      'arn:aws:sns:us-east-1:111122223333:adv-cflared-rolling-update-notifications',
    )
const definition = JSON.parse(render(template)) as Json
const states = definition.States as Json
const perEnv = states.RollOut.ItemProcessor.States as Json

describe('adv-cflared-rolling-update definition', () => {
  it('is valid Amazon States Language', () => {
    const result = validate(definition)
    expect(result.errors).toEqual([])
    expect(result.isValid).toBe(true)
  })

  it('is checked by a validator that does catch a broken transition', () => {
    const broken = JSON.parse(render(template)) as Json
    broken.States.RollOut.ItemProcessor.States.StartInstanceRefresh.Next = 'NoSuchState'
    expect(validate(broken).isValid).toBe(false)
  })

  it('uses only the two placeholders Terraform fills in', () => {
    expect([...new Set(template.match(/\$\{\w+\}/g))].sort()).toEqual([
      '${ami_parameter_name}',
      '${notification_topic_arn}',
    ])
  })

  it('rolls out one env at a time, dev then stg then prd, 15 minutes apart when accelerated', () => {
    expect(states.ChooseCadence.Choices[0]).toEqual({
      Variable: '$.acceleration',
      StringEquals: 'fast',
      Next: 'FastPlan',
    })
    expect(states.FastPlan.Result).toEqual([
      { env: 'dev', waitSeconds: 0 },
      { env: 'stg', waitSeconds: 900 },
      { env: 'prd', waitSeconds: 900 },
    ])
    expect(states.RollOut.MaxConcurrency).toBe(1)
    expect(states.RollOut.ItemsPath).toBe('$.plan')
  })

  it("waits for the Lambda's Tuesday slots in the scheduled cadence", () => {
    const plan = staggeredSchedule(new Date('2026-12-01T06:40:00Z'))
    expect(plan.map((p) => p.env)).toEqual(['dev', 'stg', 'prd'])
    for (const item of plan) expect(Object.keys(item)).toContain('waitUntil')
    expect(perEnv.ChooseWait.Choices[0]).toMatchObject({
      Variable: '$.item.waitUntil',
      IsPresent: true,
      Next: 'WaitForSlot',
    })
    expect(perEnv.WaitForSlot.TimestampPath).toBe('$.item.waitUntil')
    expect(perEnv.WaitAfterPrevious.SecondsPath).toBe('$.item.waitSeconds')
  })

  it('refuses input that is neither accelerated nor scheduled', () => {
    expect(states.ChooseCadence.Default).toBe('InvalidInput')
    expect(states.InvalidInput.Type).toBe('Fail')
  })

  it("moves each env's launch template to the AMI, then refreshes with the module's preferences and alarm rollback", () => {
    expect(perEnv.AddLaunchTemplateVersion.Parameters).toMatchObject({
      'LaunchTemplateName.$': "States.Format('adv-cflared-{}', $.item.env)",
      SourceVersion: '$Latest',
      LaunchTemplateData: { 'ImageId.$': '$.amiId' },
    })
    expect(perEnv.AddLaunchTemplateVersion.Next).toBe('StartInstanceRefresh')
    expect(perEnv.StartInstanceRefresh.Parameters.Preferences).toEqual({
      MinHealthyPercentage: 50,
      MaxHealthyPercentage: 200,
      InstanceWarmup: 120,
      AutoRollback: true,
      AlarmSpecification: {
        'Alarms.$': "States.Array(States.Format('adv-cflared-{}-replica-count', $.item.env))",
      },
    })
  })

  it('finishes an env only when its refresh is Successful and fails it on any other end state', () => {
    const choice = perEnv.RefreshFinished
    expect(choice.Choices[0]).toEqual({
      Variable: '$.refreshStatus.status',
      StringEquals: 'Successful',
      Next: 'EnvUpdated',
    })
    const waiting = (choice.Choices[1].Or as Json[]).map((c) => c.StringEquals).sort()
    expect(waiting).toEqual(['Baking', 'Cancelling', 'InProgress', 'Pending', 'RollbackInProgress'])
    expect(choice.Choices[1].Next).toBe('WaitForRefresh')
    expect(choice.Default).toBe('EnvFailed')
    expect(perEnv.EnvFailed.Type).toBe('Fail')
  })

  it('halts the whole roll-out and notifies on-call when any env fails', () => {
    expect(states.RollOut.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'NotifyFailure' },
    ])
    expect(states.ResolveAmi.Catch[0].Next).toBe('NotifyFailure')
    expect(states.NotifyFailure).toMatchObject({
      Resource: 'arn:aws:states:::sns:publish',
      Parameters: { TopicArn: 'arn:aws:sns:us-east-1:111122223333:adv-cflared-rolling-update-notifications' },
      Next: 'Halted',
    })
    expect(states.Halted.Type).toBe('Fail')
  })
})
