#!/usr/bin/env bash
# Starts the API Worker and the auth helper in one `wrangler dev` on 127.0.0.1
# (the API reaches the helper over the real service binding), pointed at the
# job's MariaDB as the read-only user, with the test hooks on. Waits up to 90 s
# for /__health, then writes url=… to $GITHUB_OUTPUT. The process keeps
# running in the background for the rest of the job.
set -euo pipefail

PORT="${1:-8787}"
URL="http://127.0.0.1:${PORT}"
LOG="${RUNNER_TEMP:-/tmp}/wrangler-dev.log"

connection() {
  node --input-type=module -e "
    import { readOnlyConnectionString } from './scripts/db/connection.ts'
    process.stdout.write(readOnlyConnectionString('$1'))"
}
CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_DB_CONSOLE="$(connection console)"
CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_DB_AGGREGATE="$(connection aggregate_ro)"
export CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_DB_CONSOLE CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_DB_AGGREGATE
export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false

nohup npx wrangler dev -c wrangler.toml -c services/auth-helper/wrangler.toml \
  --ip 127.0.0.1 --port "$PORT" --var TEST_HOOKS:1 >"$LOG" 2>&1 &

for _ in $(seq 1 90); do
  if curl -fsS --max-time 2 "$URL/__health" >/dev/null 2>&1; then
    echo "local Worker ready at $URL"
    echo "url=$URL" >>"${GITHUB_OUTPUT:-/dev/null}"
    exit 0
  fi
  sleep 1
done
echo "local Worker did not answer /__health within 90 s; wrangler output:" >&2
tail -n 60 "$LOG" >&2
exit 1
