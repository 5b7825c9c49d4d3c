import { env } from 'cloudflare:test'
import { describe, expect, it } from 'vitest'
import { handlerEnabled } from '../../src/lib/flags.ts'

describe('handler feature flags', () => {
  it('serves every handler with the flags as configured', () => {
    expect(handlerEnabled(env, 'analytics', '2.0')).toBe(true)
    expect(handlerEnabled(env, 'dataconnector', null)).toBe(true)
  })

  it('turns a handler off when its flag is not "true"', () => {
    expect(handlerEnabled({ ...env, HANDLER_CAMPAIGNS_ENABLED: 'false' }, 'campaigns', null)).toBe(false)
    expect(handlerEnabled({ ...env, HANDLER_CAMPAIGNS_ENABLED: 'false' }, 'advertisers', null)).toBe(true)
  })

  it('can switch analytics v2 off alone', () => {
    const v2Off = { ...env, HANDLER_ANALYTICS_V2_ENABLED: 'false' }
    expect(handlerEnabled(v2Off, 'analytics', '2.0')).toBe(false)
    expect(handlerEnabled(v2Off, 'analytics', '1.0')).toBe(true)
    expect(handlerEnabled(v2Off, 'analytics', null)).toBe(true)
  })
})
