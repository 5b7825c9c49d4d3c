// Test support (workerd): the recorded fixtures, read by the parity
// harness's own reading (parity/lib/recorded-steps.ts), imported as JSON
// modules because workerd has no file system.
import type { Fixture } from '../../../parity/lib/fixture-types.ts'
import { endpointSteps, recordedSteps } from '../../../parity/lib/recorded-steps.ts'

const modules = import.meta.glob<Fixture>('../../../parity/fixtures/*.json', {
  eager: true,
  import: 'default',
})

const fixtures = Object.entries(modules)
  .filter(([path]) => !path.endsWith('/manifest.json'))
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([, fixture]) => fixture)

/** Every step of every recorded fixture. */
export const RECORDED_STEPS = recordedSteps(fixtures)
/** The recorded 200 answers of the endpoints in json, xml and csv. */
export const ENDPOINT_STEPS = endpointSteps(RECORDED_STEPS)
