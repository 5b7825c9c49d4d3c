// Three kinds of tests, one runner:
//   node    — pure code (renderers, PHP semantics, parity harness, infra, scripts) and the
//             endpoints against the real MariaDB through the shared DB client, plain Node.
//   worker  — the API Worker's test entry (tests/support/test-entry.ts) inside workerd
//             (@cloudflare/vitest-plugin) against the real MariaDB through Hyperdrive, with the
//             auth helper as an auxiliary Worker.
//   helper  — the auth-helper Worker inside workerd against the same MariaDB.
import { fileURLToPath } from 'node:url'
import { cloudflareTest } from '@cloudflare/vitest-plugin'
import { defineConfig } from 'vitest/config'
import {
  adminTarget,
  AGGREGATE_DATABASE,
  CONSOLE_DATABASE,
  READ_ONLY_PASSWORD,
  readOnlyConnectionString,
} from './scripts/db/connection.ts'
import { LARGE_DATABASES, WATCHED_USER } from './tests/support/db/large-dataset-names.ts'

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url))

// mysql2 optionally requires `cardinal` (SQL syntax highlighting for its debug
// output); workerd cannot load it, so it resolves to a no-op stub.
const resolve = { alias: { cardinal: here('./tests/shims/cardinal.cjs') } }

const hyperdrives = {
  DB_CONSOLE: readOnlyConnectionString(CONSOLE_DATABASE),
  DB_AGGREGATE: readOnlyConnectionString(AGGREGATE_DATABASE),
}
// The admin connection (DATABASE_URL), for tests that watch the server itself
// (its process list) from inside workerd. Test bindings only.
const admin = adminTarget()
const DB_ADMIN = { ...admin, database: 'information_schema' }

// The bigger copy of the demo data (tests/support/db/large-dataset.ts), for long bodies.
const largeHyperdrives = {
  DB_CONSOLE_LARGE: readOnlyConnectionString(LARGE_DATABASES.console),
  DB_AGGREGATE_LARGE: readOnlyConnectionString(LARGE_DATABASES.aggregate),
  // The same data as a user only the cancellation test connects as (its connections are its own).
  DB_AGGREGATE_LARGE_WATCHED: `mysql://${WATCHED_USER}:${READ_ONLY_PASSWORD}@${admin.host}:${admin.port}/${LARGE_DATABASES.aggregate}`,
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
        // Outages injected into a whole stack of the production bundles against the real
        // MariaDB (tests/faults/): each suite runs its own workerd, so one suite at a time.
        test: {
          name: 'faults',
          environment: 'node',
          include: ['tests/faults/**/*.test.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      {
        resolve,
        plugins: [
          cloudflareTest({
            // The app with its test hooks: the production entry (src/index.ts) has none.
            main: here('./tests/support/test-entry.ts'),
            wrangler: { configPath: here('./wrangler.toml') },
            miniflare: {
              bindings: {
                ENVIRONMENT: 'test',
                TEST_HOOKS: '1',
                COMMIT_SHA: 'test-sha',
                DB_ADMIN,
              },
              hyperdrives: { ...hyperdrives, ...largeHyperdrives },
              ratelimits: { AUTH_FAILURES: { namespace_id: '1001', simple: { limit: 9, period: 60 } } },
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
