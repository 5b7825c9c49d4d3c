// A stand-in for the public API, for the smoke script's own tests: it answers
// the four smoke probes correctly, or breaks one of them on purpose
// (FAKE_API_BREAK=health|valid|invalid|advertisers|hang), refuses pinned
// requests when FAKE_REJECT_OVERRIDE=1, and stands in for New Relic's GraphQL
// API (FAKE_NR_ERROR_RATE, FAKE_NR_SHIPPED). Prints its port, then serves
// until killed. Plain JavaScript so that any Node (system or 24) runs it.
/* global console */
import { createServer } from 'node:http'
import process from 'node:process'
import { URL } from 'node:url'

const INTEGRATION_KEY = 'int-smoke'
const API_KEY = 'key-smoke'
const broken = process.env.FAKE_API_BREAK ?? ''

function answer(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' })
  res.end(body)
}

const server = createServer((req, res) => {
  const path = new URL(req.url, 'http://x').pathname
  if (path === '/graphql') {
    // New Relic NerdGraph stand-in for the health window's error-rate query.
    const rate = Number(process.env.FAKE_NR_ERROR_RATE ?? 0)
    const shipped = Number(process.env.FAKE_NR_SHIPPED ?? 0)
    return answer(
      res,
      200,
      JSON.stringify({
        data: { actor: { account: { nrql: { results: [{ errorRate: rate, requests: 100, shipped }] } } } },
      }),
    )
  }
  if (broken === 'hang') return // never answers: the script's timeout must fire
  if (process.env.FAKE_REJECT_OVERRIDE === '1' && req.headers['cloudflare-workers-version-overrides']) {
    return answer(res, 503, '{"status":"pinned request"}')
  }
  if (
    process.env.FAKE_REQUIRE_OVERRIDE &&
    req.headers['cloudflare-workers-version-overrides'] !== process.env.FAKE_REQUIRE_OVERRIDE
  ) {
    return answer(res, 503, '{"status":"wrong version"}')
  }
  if (path === '/__health') {
    return broken === 'health'
      ? answer(res, 503, '{"status":"down"}')
      : answer(res, 200, '{"status":"ok","commit":"fake"}')
  }
  const valid = req.headers['x-integration-key'] === INTEGRATION_KEY && req.headers['x-api-key'] === API_KEY
  const authorised = valid || broken === 'invalid'
  if (!authorised) return answer(res, 401, '{"status":false,"error":"Invalid credentials"}')
  if (path === '/credentialscheck') {
    return answer(res, 200, broken === 'valid' ? '{"status":false}' : '{"status":true}')
  }
  if (path === '/advertisers') {
    return answer(res, 200, broken === 'advertisers' ? '[]' : '[{"advertiser_id":"1","advertiser_name":"A"}]')
  }
  answer(res, 404, '{"status":false,"error":"Unknown method"}')
})

server.listen(0, '127.0.0.1', () => {
  console.log(server.address().port)
})
