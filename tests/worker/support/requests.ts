// Test support (workerd): requests to the Worker under test, as a client
// sends them, with the test hooks: a pinned clock, a rate-limit namespace of
// their own, and a client address of their own (the failed-auth throttle
// counts per address across the whole run).
import { env } from 'cloudflare:test'
import { exports } from 'cloudflare:workers'
import { createApp } from '../../../src/app.ts'
import type { Env } from '../../../src/env.ts'
import { testAppOptions } from '../../support/test-hooks.ts'

/** The instant the fixtures were recorded at. */
export const NOW = '2024-03-15T14:05:00Z'

/** A fresh, unique client address (documentation range, so never a real one). */
export function clientAddress(): string {
  const n = crypto.getRandomValues(new Uint16Array(2))
  return `2001:db8::${n[0]!.toString(16)}:${n[1]!.toString(16)}`
}

/** Default headers of a test request; `headers` override them. */
export function testHeaders(headers: Record<string, string> = {}): Record<string, string> {
  return {
    'X-Test-Now': NOW,
    'X-Test-Rate-Namespace': crypto.randomUUID(),
    'CF-Connecting-IP': clientAddress(),
    ...headers,
  }
}

/** GET (or `init.method`) through the test entry, like a client. */
export function get(path: string, headers: Record<string, string> = {}, init: RequestInit = {}) {
  return exports.default.fetch(`http://api.test${path}`, { ...init, headers: testHeaders(headers) })
}

/** A Worker of its own (own isolate memory: verdict cache, throttle, fallback counts), on bindings the test chooses. */
export function ownWorker(bindings: Partial<Env> & Record<string, unknown> = {}) {
  const app = createApp(testAppOptions)
  const workerEnv = { ...env, ...bindings } as Env
  const pending: Promise<unknown>[] = []
  const ctx = {
    waitUntil: (promise: Promise<unknown>) => void pending.push(promise),
    passThroughOnException: () => undefined,
    props: {},
  } as unknown as ExecutionContext
  return {
    env: workerEnv,
    fetch: (path: string, headers: Record<string, string> = {}, init: RequestInit = {}) =>
      app.fetch(
        new Request(`http://api.test${path}`, { ...init, headers: testHeaders(headers) }),
        workerEnv,
        ctx,
      ),
    /** Waits for what the Worker left running after its responses (refunds, closing connections). */
    settle: async () => {
      while (pending.length > 0) await Promise.allSettled(pending.splice(0))
    },
  }
}

export const JSON_TYPE = 'application/json; charset=utf-8'
export const XML_TYPE = 'application/xml; charset=utf-8'
export const CSV_TYPE = 'application/csv; charset=utf-8'
