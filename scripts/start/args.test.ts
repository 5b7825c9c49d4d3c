import { describe, expect, it } from 'vitest'
import { parseStartArgs, parseVar } from './args.ts'

describe('npm start arguments', () => {
  it('default to port 8787 (or $PORT), the demo seed, no vars', () => {
    expect(parseStartArgs([], {})).toEqual({
      port: 8787,
      seed: undefined,
      vars: {},
      verbose: false,
      help: false,
    })
    expect(parseStartArgs([], { PORT: '9001' }).port).toBe(9001)
  })

  it('collect every --var NAME:value, the value kept whole (URLs have colons; empty is allowed)', () => {
    const options = parseStartArgs(
      [
        '--var',
        'HANDLER_ADVERTISERS_ENABLED:false',
        '--var',
        'LEGACY_ORIGIN:http://127.0.0.1:8080/api',
        '--var=EMPTY:',
        '--port',
        '8830',
      ],
      {},
    )
    expect(options.vars).toEqual({
      HANDLER_ADVERTISERS_ENABLED: 'false',
      LEGACY_ORIGIN: 'http://127.0.0.1:8080/api',
      EMPTY: '',
    })
    expect(options.port).toBe(8830)
  })

  it('read --seed, --no-seed and --verbose', () => {
    expect(parseStartArgs(['--seed', 'db/seed/x.sql'], {}).seed).toBe('db/seed/x.sql')
    expect(parseStartArgs(['--no-seed', '--verbose'], {})).toMatchObject({ seed: null, verbose: true })
  })

  it('refuse what they cannot mean, with a message that says what is expected', () => {
    expect(() => parseVar('NOCOLON')).toThrow(
      '--var wants NAME:value (NAME of letters, digits, _), got "NOCOLON"',
    )
    expect(() => parseVar('1BAD:x')).toThrow(/got "1BAD:x"/)
    expect(() => parseVar(':x')).toThrow(/NAME:value/)
    expect(() => parseStartArgs(['--port', '80a'], {})).toThrow(
      '--port wants a port number (1-65535), got "80a"',
    )
    expect(() => parseStartArgs(['--port', '70000'], {})).toThrow(/1-65535/)
    expect(() => parseStartArgs(['--seed', 'x.sql', '--no-seed'], {})).toThrow(/exclude each other/)
    expect(() => parseStartArgs(['--bogus'], {})).toThrow(/bogus/)
    expect(() => parseStartArgs(['--var'], {})).toThrow(/--var/)
  })
})
