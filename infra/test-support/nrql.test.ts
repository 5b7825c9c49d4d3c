import { describe, expect, it } from 'vitest'
import { nrqlFacts } from './nrql.ts'

describe('nrqlFacts', () => {
  it('separates event types, attributes, functions, aliases and compared values', () => {
    const facts = nrqlFacts(
      "SELECT percentile(worker.cpu_ms, 95) AS 'cpu', filter(count(*), WHERE log.event = 'db.connect.failed') FROM Log WHERE logtype = 'cf-worker-log' AND log.auth_source IN ('isolate', 'kv') AND log.auth_cached IS TRUE FACET log.served_by TIMESERIES 1 minute",
    )
    expect(facts.eventTypes).toEqual(['Log'])
    expect(facts.attributes).toEqual([
      'log.auth_cached',
      'log.auth_source',
      'log.event',
      'log.served_by',
      'logtype',
      'worker.cpu_ms',
    ])
    expect(facts.values).toEqual({
      'log.event': ['db.connect.failed'],
      logtype: ['cf-worker-log'],
      'log.auth_source': ['isolate', 'kv'],
    })
  })

  it('reads backticked metric names and != comparisons', () => {
    const facts = nrqlFacts(
      "SELECT sum(`aws.x/y.metric_a`) FROM Metric WHERE `aws.x/y.Env` = 'prd' AND worker.outcome != 'ok' AND `aws.x/y.InstanceId` IS NULL",
    )
    expect(facts.eventTypes).toEqual(['Metric'])
    expect(facts.attributes).toEqual([
      'aws.x/y.Env',
      'aws.x/y.InstanceId',
      'aws.x/y.metric_a',
      'worker.outcome',
    ])
    expect(facts.values).toEqual({ 'aws.x/y.Env': ['prd'], 'worker.outcome': ['ok'] })
  })

  it('fails on an unterminated string instead of guessing', () => {
    expect(() => nrqlFacts("SELECT count(*) FROM Log WHERE a = 'x")).toThrow(/unterminated/)
  })
})
