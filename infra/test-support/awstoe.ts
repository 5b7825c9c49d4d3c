// Reads the Adventive Image Builder components (AWSTOE YAML documents) and finds their steps, the
// commands of ExecuteBash steps and the file inputs of CreateFile / S3Download steps.
import { readFileSync } from 'node:fs'
import { load } from 'js-yaml'

export interface Step {
  name: string
  action: string
  inputs: unknown
}

export interface Component {
  name: string
  description: string
  schemaVersion: unknown
  parameters?: Record<string, { type: string }>[]
  phases: { name: string; steps: Step[] }[]
}

export interface FileInput {
  path: string
  content: string
  source?: string
  destination?: string
}

export const readComponent = (path: string) => load(readFileSync(path, 'utf8')) as Component

export const allSteps = (c: Component) => c.phases.flatMap((p) => p.steps)

export const steps = (c: Component, phase: string) => c.phases.find((p) => p.name === phase)?.steps ?? []

export const step = (c: Component, name: string) => allSteps(c).find((s) => s.name === name)

export const commands = (s: Step | undefined) => (s?.inputs as { commands: string[] }).commands

export function fileInputs(s: Step | undefined): FileInput[] {
  const inputs = s?.inputs as FileInput[] | undefined
  if (!inputs?.length) throw new Error(`step ${s?.name ?? '(missing)'} has no file input`)
  return inputs
}

export const fileInput = (s: Step | undefined): FileInput => fileInputs(s)[0] as FileInput
