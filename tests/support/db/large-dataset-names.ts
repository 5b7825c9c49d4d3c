// The names of the large copy of the demo data (large-dataset.ts builds it),
// apart so that tests inside workerd can read them without the builder.

export const LARGE_DATABASES = { console: 'large_console', aggregate: 'large_aggregate_ro' } as const

/**
 * A second read-only user for the large data, used by one test only (a client
 * walking away from a long body): its connections in the server's process
 * list are that test's and no other's, whatever runs alongside.
 */
export const WATCHED_USER = 'api_ro_watched'
