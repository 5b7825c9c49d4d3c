// Three kinds of tests, one runner:
//   node    — pure code (renderers, PHP value model, parity harness, infra, scripts), plain Node.
//   worker  — the API Worker inside workerd (@cloudflare/vitest-plugin) against the real
//             local MariaDB through Hyperdrive, with the auth helper as an auxiliary Worker.
//   helper  — the auth-helper Worker inside workerd against the same MariaDB.
import { fileURLToPath } from 'node:url'
import { cloudflareTest } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'
import { AGGREGATE_DATABASE, CONSOLE_DATABASE, readOnlyConnectionString } from './scripts/db/connection.ts'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))

// mysql2 optionally requires `cardinal` (SQL syntax highlighting for its debug
// output); workerd cannot load it, so it resolves to a no-op stub.
const resolve = { alias: { cardinal: here('./tests/shims/cardinal.cjs') } }

const hyperdrives = {
  DB_CONSOLE: readOnlyConnectionString(CONSOLE_DATABASE),
  DB_AGGREGATE: readOnlyConnectionString(AGGREGATE_DATABASE),
}
// wrangler resolves Hyperdrive bindings from these variables before the
// miniflare options apply, so both are set here, for every project.
for (const [binding, url] of Object.entries(hyperdrives)) {
  process.env[`CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_${binding}`] = url
}

export default defineConfig({
  test: {
    // Structured request logs are noise in a passing run; failing tests still show theirs.
    silent: 'passed-only',
    globalSetup: [here('./tests/global-setup.ts')],
    projects: [
      {
        test: {
          name: 'node',
          environment: 'node',
          include: [
            'src/lib/format/**/*.test.ts',
            'src/lib/php/**/*.test.ts',
            'tests/node/**/*.test.ts',
            'parity/**/*.test.ts',
            'infra/**/*.test.ts',
            'scripts/**/*.test.ts',
            'services/log-tail/test/**/*.test.ts',
            'sdk/test/**/*.test.ts',
          ],
        },
      },
      {
        resolve,
        plugins: [
          cloudflareTest({
            wrangler: { configPath: here('./wrangler.toml') },
            miniflare: {
              bindings: { ENVIRONMENT: 'test', TEST_HOOKS: '1', COMMIT_SHA: 'test-sha' },
              hyperdrives,
              workers: [
                {
                  name: 'adv-svc-auth-helper',
                  modules: true,
                  modulesRoot: here('./.build/auth-helper'),
                  scriptPath: here('./.build/auth-helper/index.js'),
                  compatibilityDate: '2026-11-01',
                  compatibilityFlags: ['nodejs_compat'],
                  bindings: { ENVIRONMENT: 'test', COMMIT_SHA: 'test-sha' },
                  kvNamespaces: ['CACHE'],
                  hyperdrives: { DB_CONSOLE: hyperdrives.DB_CONSOLE },
                },
              ],
            },
          }),
        ],
        test: { name: 'worker', include: ['tests/worker/**/*.test.ts'] },
      },
      {
        resolve,
        plugins: [
          cloudflareTest({
            wrangler: { configPath: here('./services/auth-helper/wrangler.toml') },
            miniflare: {
              bindings: { ENVIRONMENT: 'test', COMMIT_SHA: 'test-sha' },
              hyperdrives: { DB_CONSOLE: hyperdrives.DB_CONSOLE },
            },
          }),
        ],
        test: { name: 'helper', include: ['services/auth-helper/test/**/*.test.ts'] },
      },
    ],
  },
})
