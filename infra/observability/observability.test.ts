// Contract of infra/observability (issue 9, plan phases 5-8), read from the HCL: every gate the plan
// names is a condition with the plan's threshold, destinations are required, the probes run every
// 60 s — and every attribute an alert or the dashboard reads is one the code actually emits.
import assert from 'node:assert'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { runInNewContext } from 'node:vm'
import { parse } from '@cdktf/hcl2json'
import { beforeAll, describe, expect, it } from 'vitest'
import { toCustomEvents } from '../../services/log-tail/src/events.ts'
import { parityMismatchLog, requestTrace } from '../../services/log-tail/test/traces.ts'
import { nrqlFacts } from '../test-support/nrql.ts'
import {
  loadTerraform,
  nested,
  resource,
  undocumented,
  type Block,
  type TerraformDir,
} from '../test-support/terraform.ts'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))
const root = here('../../')
const ENVS = ['dev', 'stg', 'prd'] as const
type Env = (typeof ENVS)[number]
const PREFIX = 'aws.test_prefix'

let tf: TerraformDir
let cloudflared: TerraformDir
beforeAll(async () => {
  tf = await loadTerraform(here('.'))
  cloudflared = await loadTerraform(here('../cloudflared/'))
})

// ── Resolving the HCL's string templates for one env ───────────────────────────────────────────
function resolve(text: string, env: Env, depth = 0): string {
  if (depth > 10) throw new Error(`template too deep: ${text}`)
  return text.replace(/\$\{([^{}]+)\}/g, (_, ref: string) => {
    if (ref === 'var.env') return env
    if (ref === 'var.tunnel_metric_prefix') return PREFIX
    const m = /^local\.(\w+)(?:\[(\d+)\])?$/.exec(ref)
    if (!m) throw new Error(`cannot resolve \${${ref}} in ${text}`)
    let value = tf.locals[m[1]!]
    if (m[2] !== undefined) value = (value as unknown[])[Number(m[2])]
    if (typeof value !== 'string') throw new Error(`local.${m[1]} is not a string template`)
    return resolve(value, env, depth + 1)
  })
}

interface Condition {
  title: string
  nrql: string
  operator: string
  threshold: number | string
  duration: number
  window: number
  sparse: boolean
  lost_is_breach: boolean
  envs: string[]
}
const conditions = () => tf.locals.conditions as Record<string, Condition>
const widgets = () => tf.locals.widgets as [string, string][]
/** Every NRQL the module sends, resolved for env: the conditions of that env and the dashboard. */
function allQueries(env: Env): { where: string; nrql: string }[] {
  return [
    ...Object.entries(conditions())
      .filter(([, c]) => c.envs.includes(env))
      .map(([k, c]) => ({ where: `condition ${k}`, nrql: resolve(c.nrql, env) })),
    ...widgets().map(([title, nrql]) => ({ where: `widget "${title}"`, nrql: resolve(nrql, env) })),
  ]
}

// ── What the code emits ────────────────────────────────────────────────────────────────────────
function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(root, dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(join(dir, name))
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : []
  })
}
const read = (files: string[]) => files.map((f) => readFileSync(f, 'utf8')).join('\n')
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The API side: the Worker, the auth helper and the package they share (its logger and DB client), whose JSON log lines the tail ships as log.<field>. */
const apiSource = () =>
  read([
    ...sourceFiles('src'),
    ...sourceFiles('services/auth-helper/src'),
    ...sourceFiles('packages/worker-kit/src'),
  ])
/** The tail Worker's record attributes (records.ts) and the common attributes it adds (index.ts). */
const tailSource = () =>
  read(['records.ts', 'index.ts', 'shipper.ts'].map((f) => join(root, 'services/log-tail/src', f)))

const isKeyOrLiteral = (source: string, name: string) =>
  new RegExp(`(['"\`])${escape(name)}\\1|[{,\\s]${escape(name)}\\s*:`).test(source)
const isLoggedEvent = (source: string, event: string) =>
  new RegExp(`\\.(debug|info|warn|error)\\(\\s*(['"\`])${escape(event)}\\2`).test(source)

// SyntheticCheck is New Relic's own event: only these of its attributes are used.
const SYNTHETIC_CHECK_ATTRIBUTES = ['monitorName', 'result']

describe('the plan gate metrics are alert conditions with the plan thresholds', () => {
  const expected: Record<string, [string, number | string, number]> = {
    worker_cpu_p95: ['above', 50, 120],
    error_rate_5xx: ['above', 1, 120],
    auth_cache_hit: ['below', 70, 300],
    auth_cache_miss: ['above', 25, 300],
    db_connect_p95: ['above', 100, 120],
    db_connect_errors: ['above', 0.5, 120],
    throttle_rate: ['above', 5, 120],
    parity_mismatch: ['above', 0, 60],
    synthetic_failures: ['above', 1, 120],
    staging_smoke: ['above', 1, 60],
    tunnel_replicas: ['below', '${local.tunnel_replicas}', 120],
  }

  it('has exactly the conditions the plan names', () => {
    expect(Object.keys(conditions()).sort()).toEqual(Object.keys(expected).sort())
  })

  it.each(Object.entries(expected))(
    '%s: %j (operator, threshold, seconds of breach)',
    (key, [op, threshold, duration]) => {
      const c = conditions()[key]!
      expect([c.operator, c.threshold, c.duration]).toEqual([op, threshold, duration])
      expect(c.title.length).toBeGreaterThan(10)
    },
  )

  it('watches the CPU, 5xx, throttle and connect timings of the API Worker itself', () => {
    for (const key of [
      'worker_cpu_p95',
      'error_rate_5xx',
      'throttle_rate',
      'db_connect_p95',
      'db_connect_errors',
    ]) {
      expect(resolve(conditions()[key]!.nrql, 'prd')).toContain("service.name = 'adv-svc-public-api-prd'")
    }
    expect(resolve(conditions().worker_cpu_p95!.nrql, 'prd')).toMatch(
      /^SELECT percentile\(worker\.cpu_ms, 95\)/,
    )
    expect(resolve(conditions().db_connect_p95!.nrql, 'prd')).toMatch(
      /^SELECT percentile\(log\.connect_ms, 95\)/,
    )
  })

  it('expects as many connected replicas as infra/cloudflared runs in each env', () => {
    const sizing = cloudflared.locals.sizing as Record<Env, { desired: number }>
    const perEnv = /^\$\{\{ dev = (\d+), stg = (\d+), prd = (\d+) \}\[var\.env\]\}$/.exec(
      tf.locals.tunnel_replicas as string,
    )
    expect(perEnv?.slice(1).map(Number)).toEqual(ENVS.map((e) => sizing[e].desired))
    expect(conditions().tunnel_replicas!.lost_is_breach).toBe(true)
  })

  it('alarms on staging smoke only in stg, every other condition in every env', () => {
    for (const [key, c] of Object.entries(conditions())) {
      expect(c.envs, key).toEqual(key === 'staging_smoke' ? ['stg'] : ['dev', 'stg', 'prd'])
    }
    expect(resource(tf, 'newrelic_nrql_alert_condition', 'gate').for_each).toBe('${local.active_conditions}')
  })

  it('makes one static NRQL condition per gate in the env policy, with the gate values', () => {
    const gate = resource(tf, 'newrelic_nrql_alert_condition', 'gate')
    expect(gate).toMatchObject({
      policy_id: '${newrelic_alert_policy.api.id}',
      type: 'static',
      enabled: true,
    })
    expect(nested(gate, 'nrql').query).toBe('${each.value.nrql}')
    expect(nested(gate, 'critical')).toEqual({
      operator: '${each.value.operator}',
      threshold: '${each.value.threshold}',
      threshold_duration: '${each.value.duration}',
      threshold_occurrences: 'ALL',
    })
    expect(gate.open_violation_on_expiration).toBe('${each.value.lost_is_breach}')
  })

  it('refuses to apply one env tfvars in another env workspace', () => {
    const pre = nested(resource(tf, 'newrelic_alert_policy', 'api'), 'lifecycle').precondition as Block[]
    expect(pre[0]?.condition).toBe('${var.env == terraform.workspace}')
  })
})

describe('notification destinations are required', () => {
  const validation = (name: string) => (tf.variable[name]?.validation as Block[])[0]!.condition as string
  const tfvars = async (env: Env) =>
    (await parse(`${env}.tfvars`, readFileSync(here(`env/${env}.tfvars`), 'utf8'))) as Record<string, unknown>

  it('has no default for the e-mail list or the PagerDuty key, so a plan without them stops', () => {
    expect(tf.variable.notification_emails).not.toHaveProperty('default')
    expect(tf.variable.pagerduty_service_key).not.toHaveProperty('default')
    expect(tf.variable.pagerduty_service_key?.sensitive).toBe(true)
  })

  it('fails a prd plan without a PagerDuty key, and any plan without a valid e-mail address', () => {
    expect(validation('pagerduty_service_key')).toBe(
      '${var.env != "prd" || length(trimspace(var.pagerduty_service_key)) >= 20}',
    )
    const condition = validation('notification_emails')
    expect(condition).toContain('length(var.notification_emails) > 0')
    const pattern = /regex\("(.+?)", e\)/.exec(condition)![1]!.replace(/\\\\/g, '\\')
    const email = new RegExp(pattern)
    expect(email.test('oncall@adventive.com')).toBe(true)
    expect(email.test('REPLACE_WITH_ONCALL_EMAIL')).toBe(false)
  })

  it.each(ENVS)(
    'keeps the PagerDuty key and the account id out of %s.tfvars, and its placeholders fail validation',
    async (env) => {
      const vars = await tfvars(env)
      expect(vars.env).toBe(env)
      expect(vars).not.toHaveProperty('pagerduty_service_key')
      expect(vars).not.toHaveProperty('newrelic_account_id')
      expect(vars.notification_emails).toEqual(['REPLACE_WITH_ONCALL_EMAIL'])
      const prefixRule = /regex\("(.+?)", var/
        .exec(validation('tunnel_metric_prefix'))![1]!
        .replace(/\\\\/g, '\\')
      expect(new RegExp(prefixRule).test(vars.tunnel_metric_prefix as string)).toBe(false)
      expect(new RegExp(prefixRule).test('aws.adventive_cloudflared')).toBe(true)
    },
  )

  it('routes every incident of the policy to the e-mail channel, and to PagerDuty when a key is set', () => {
    const workflow = resource(tf, 'newrelic_workflow', 'api')
    const predicate = nested(nested(workflow, 'issues_filter'), 'predicate')
    expect(predicate).toEqual({
      attribute: 'labels.policyIds',
      operator: 'EXACTLY_MATCHES',
      values: ['${newrelic_alert_policy.api.id}'],
    })
    expect(nested(workflow, 'destination').channel_id).toBe('${newrelic_notification_channel.email.id}')
    expect(((workflow.dynamic as Block).destination as Block[])[0]!.for_each).toBe(
      '${newrelic_notification_channel.pagerduty}',
    )
    expect(resource(tf, 'newrelic_notification_destination', 'pagerduty').count).toBe(
      '${local.pagerduty ? 1 : 0}',
    )
    expect(nested(resource(tf, 'newrelic_notification_destination', 'pagerduty'), 'auth_token').token).toBe(
      '${var.pagerduty_service_key}',
    )
  })
})

describe('synthetic probes', () => {
  it.each(ENVS)('checks https://<%s host>/__health every minute from several locations', (env) => {
    const health = resource(tf, 'newrelic_synthetics_monitor', 'health')
    expect(health).toMatchObject({
      type: 'SIMPLE',
      period: 'EVERY_MINUTE',
      status: 'ENABLED',
      verify_ssl: true,
    })
    const host = { dev: 'api.adventive.dev', stg: 'api.adventivestg.com', prd: 'api.adventive.com' }[env]
    expect(tf.locals.api_host).toBe(
      '${{ dev = "api.adventive.dev", stg = "api.adventivestg.com", prd = "api.adventive.com" }[var.env]}',
    )
    expect(health.uri).toBe('https://${local.api_host}/__health')
    expect(resolve(health.name as string, env)).toBe(`adv-public-api-${env}-health`)
    expect(host).toBeDefined()
    expect(tf.variable.synthetics_locations?.default).toHaveLength(3)
  })

  it('checks /credentialscheck every minute with credentials from New Relic secure credentials', () => {
    const check = resource(tf, 'newrelic_synthetics_script_monitor', 'credentialscheck')
    expect(check).toMatchObject({ type: 'SCRIPT_API', period: 'EVERY_MINUTE', status: 'ENABLED' })
    expect(check.script).toContain('synthetics/credentialscheck.js.tftpl')
    const template = readFileSync(here('synthetics/credentialscheck.js.tftpl'), 'utf8')
    expect(template).not.toMatch(/ak_[0-9a-f]{8}|adv-int-/)
  })

  // The script as New Relic runs it: $http (request-style callback) and $secure are the runtime's.
  function runProbe(status: number, body: string, error?: Error) {
    const script = readFileSync(here('synthetics/credentialscheck.js.tftpl'), 'utf8')
      .replaceAll('${base_url}', 'https://api.adventive.com')
      .replaceAll('${integration_key_var}', 'ADV_SMOKE_INTEGRATION_KEY_PRD')
      .replaceAll('${api_key_var}', 'ADV_SMOKE_API_KEY_PRD')
    const sent: { url: string; headers: Record<string, string> }[] = []
    const $http = {
      get(
        options: { url: string; headers: Record<string, string> },
        done: (e: unknown, r: unknown, b: string) => void,
      ) {
        sent.push(options)
        done(error ?? null, { statusCode: status }, body)
      },
    }
    const $secure = {
      ADV_SMOKE_INTEGRATION_KEY_PRD: 'int-from-vault',
      ADV_SMOKE_API_KEY_PRD: 'key-from-vault',
    }
    runInNewContext(script, {
      $http,
      $secure,
      require: (id: string) => (id === 'assert' ? assert : undefined),
    })
    return sent
  }

  it('passes on 200 {"status":true}, sending the secure credentials as the two headers', () => {
    const sent = runProbe(200, '{"status":true}')
    expect(sent).toEqual([
      expect.objectContaining({
        url: 'https://api.adventive.com/credentialscheck',
        headers: { 'X-Integration-Key': 'int-from-vault', 'X-Api-Key': 'key-from-vault' },
      }),
    ])
  })

  it.each([
    [401, '{"status":false,"error":"Invalid credentials"}'],
    [200, '{"status":false}'],
    [503, '{"status":false,"error":"Service unavailable"}'],
  ])('fails on HTTP %i %s', (status, body) => {
    expect(() => runProbe(status, body)).toThrow()
  })

  it('fails when the request itself fails', () => {
    expect(() => runProbe(0, '', new Error('ETIMEDOUT'))).toThrow(/ETIMEDOUT/)
  })
})

describe('the 48-hour dashboard', () => {
  it('charts every signal of the plan dashboard kit', () => {
    const titles = widgets().map(([t]) => t.toLowerCase())
    for (const signal of [
      'cpu',
      'error rate',
      'auth cache hit',
      'hyperdrive',
      'tunnel',
      'synthetic',
      'parity',
      'throttle',
    ]) {
      expect(
        titles.some((t) => t.includes(signal)),
        signal,
      ).toBe(true)
    }
  })

  it('lays the widgets out from the list, three a row', () => {
    const page = nested(resource(tf, 'newrelic_one_dashboard', 'fallback_window'), 'page')
    const widget = ((page.dynamic as Block).widget_line as Block[])[0]!
    expect(widget.for_each).toBe('${local.widgets}')
    expect(nested(nested(widget, 'content'), 'nrql_query').query).toBe('${widget_line.value[1]}')
  })
})

describe('every attribute an alert or the dashboard reads is one the code emits', () => {
  it.each(ENVS)('in %s', (env) => {
    const api = apiSource()
    const tail = tailSource()
    const records = readFileSync(join(root, 'services/log-tail/src/records.ts'), 'utf8')
    const smoke = readFileSync(join(root, '.github/scripts/nr-smoke-event.sh'), 'utf8')
    const publisher = readFileSync(join(root, 'infra/cloudflared/metrics/cflared-metrics.sh'), 'utf8')
    const parityEvent = {
      environment: env,
      ...toCustomEvents(requestTrace({ logs: [parityMismatchLog(1)] }))[0],
    }
    const monitors = (tf.locals.probe_monitor as string[]).map((m) => resolve(m, env))
    const problems: string[] = []
    for (const { where, nrql } of allQueries(env)) {
      const facts = nrqlFacts(nrql)
      expect(facts.eventTypes, where).toHaveLength(1)
      const [eventType] = facts.eventTypes
      for (const attribute of facts.attributes) {
        const values = facts.values[attribute] ?? []
        const miss = (what: string) => problems.push(`${where}: ${attribute} — ${what}`)
        if (eventType === 'Log' && attribute.startsWith('log.')) {
          const field = attribute.slice(4)
          if (!isKeyOrLiteral(api, field))
            miss(`no log field "${field}" in src/, services/auth-helper/src/ or packages/worker-kit/src/`)
          if (field === 'event')
            for (const v of values) if (!isLoggedEvent(api, v)) miss(`no log event '${v}' is logged`)
          if (field !== 'event')
            for (const v of values) if (!isKeyOrLiteral(api, v)) miss(`value '${v}' is never emitted`)
        } else if (eventType === 'Log') {
          if (!isKeyOrLiteral(tail, attribute)) miss('not a record attribute of the tail Worker')
          for (const v of values)
            if (attribute === 'logtype' && !records.includes(`'${v}'`))
              miss(`logtype '${v}' is never written`)
        } else if (eventType === 'ParityMismatch') {
          if (!(attribute in parityEvent)) miss('not an attribute of the tail Worker’s ParityMismatch event')
          if (!isLoggedEvent(api, 'parity.mismatch')) miss("the API never logs a 'parity.mismatch' event")
          if (
            ['endpoint', 'format', 'version', 'locator', 'shape_hash'].includes(attribute) &&
            !isKeyOrLiteral(api, attribute)
          )
            miss('the API never logs this field')
        } else if (eventType === 'StagingSmoke') {
          if (!new RegExp(`[{,\\s]${escape(attribute)}:`).test(smoke))
            miss('not a field of the nr-smoke-event.sh event')
          for (const v of values) if (!smoke.includes(`"${v}"`)) miss(`value '${v}' is never sent`)
        } else if (eventType === 'SyntheticCheck') {
          if (!SYNTHETIC_CHECK_ATTRIBUTES.includes(attribute))
            miss('not a SyntheticCheck attribute we rely on')
          if (attribute === 'monitorName')
            for (const v of values) if (!monitors.includes(v)) miss(`no monitor named ${v}`)
          if (attribute === 'result')
            for (const v of values) if (!['FAILED', 'SUCCESS'].includes(v)) miss(`no result ${v}`)
        } else if (eventType === 'Metric') {
          if (attribute === 'aws.Namespace') {
            if (values.some((v) => v !== cloudflared.locals.metrics_namespace))
              miss('not the cloudflared metrics namespace')
          } else if (!attribute.startsWith(`${PREFIX}.`)) {
            miss('not a CloudWatch metric or dimension of the tunnel publisher')
          } else {
            const name = attribute.slice(PREFIX.length + 1)
            const published =
              publisher.includes(`\\"Name\\":\\"${name}\\"`) ||
              new RegExp(`\\b${escape(name)}\\b`).test(publisher)
            if (!published) miss('cflared-metrics.sh publishes no such metric or dimension')
          }
        } else {
          miss(`unknown event type ${eventType}`)
        }
      }
    }
    expect(problems).toEqual([])
  })
})

describe('the runbook', () => {
  it('has the section every condition links to', () => {
    const runbook = readFileSync(join(root, 'docs/runbooks/alerts.md'), 'utf8')
    const gate = resource(tf, 'newrelic_nrql_alert_condition', 'gate')
    expect(gate.runbook_url).toMatch(/docs\/runbooks\/alerts\.md#\$\{replace\(each\.key, "_", "-"\)\}$/)
    for (const key of Object.keys(conditions())) {
      expect(runbook, key).toContain(`<a id="${key.replaceAll('_', '-')}"></a>`)
    }
  })
})

describe('interface', () => {
  it('documents and types every variable and output', () => {
    expect(undocumented(tf)).toEqual([])
  })

  it('pins the New Relic provider and keeps its API key out of the configuration', () => {
    const providers = tf.terraform.flatMap((t) => (t.required_providers ?? []) as Block[])
    expect(providers[0]?.newrelic).toEqual({ source: 'newrelic/newrelic', version: '~> 3.50' })
    const sources = readdirSync(here('.'))
      .filter((f) => f.endsWith('.tf'))
      .map((f) => readFileSync(here(f), 'utf8'))
    expect(sources.join('\n')).not.toMatch(/api_key\s*=/)
  })
})
