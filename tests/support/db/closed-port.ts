// A MySQL target nothing listens on: every connect is refused (a transient
// failure, retried once, then an outage).
export const CLOSED_PORT = {
  host: '127.0.0.1',
  port: 1,
  user: 'api_ro',
  password: 'x',
  database: 'console',
} as const
