// The other half of the stored-keys gate (scripts/gates/stored-keys.test.ts
// runs its SQL on the same samples): couldBeKey, the Worker's cheap rejection,
// refuses exactly the samples marked refused — so the gate refuses exactly the
// stored keys the Worker would refuse unread.
import { describe, expect, it } from 'vitest'
import { MAX_STORED_KEY_LENGTH } from '../../scripts/gates/select-one/stored-keys.ts'
import { couldBeKey, MAX_KEY_LENGTH } from '../../src/pipeline/auth.ts'
import { KEY_SAMPLES } from '../support/stored-key-samples.ts'

describe('the cheap rejection and the stored-keys gate', () => {
  it.each(KEY_SAMPLES.map((s) => [JSON.stringify(s.key), s] as const))(
    'agree on %s',
    (_shown, { key, refused }) => {
      expect(couldBeKey(key)).toBe(!refused)
    },
  )

  it('have the same longest key', () => {
    expect(MAX_STORED_KEY_LENGTH).toBe(MAX_KEY_LENGTH)
  })
})
