#!/usr/bin/env bash
# The canary health window of a gradual production deploy (plan phase 7:
# 10 % → 25-minute health window → 100 %), for one of the three Workers
# (HEALTH_SIGNAL). Until the window ends it polls:
#   api     the smoke probes (scripts/smoke.sh), pinned to the canary version
#           with Cloudflare-Workers-Version-Overrides, so they test the new code
#           even though it only takes 10 % of the traffic; and the canary's
#           error rate in New Relic (the trace records the log-tail Worker
#           ships, filtered to the canary's version id).
#   helper  the auth helper: the smoke probes unpinned (the API calls the helper
#           over RPC, which version overrides cannot pin), and the helper
#           canary's error rate from its RPC trace records.
#   tail    the log-tail Worker: no smoke probes; the canary must have shipped
#           records (log_tail.version = its version id) by the end.
# Exits 1 as soon as the smoke probes fail twice in a row or the error rate
# is above the limit (or, for the tail, when the canary shipped nothing); the
# workflow then rolls back. Exits 0 when the window passes.
#
# Environment:
#   WORKER_NAME, CANARY_VERSION                    required
#   HEALTH_SIGNAL (api)                            api | helper | tail
#   BASE_URL                                       required for api and helper
#   SMOKE_INTEGRATION_KEY, SMOKE_API_KEY           required (see scripts/smoke.sh)
#   HEALTH_WINDOW_SECONDS (1500), HEALTH_INTERVAL_SECONDS (60)
#   MAX_ERROR_RATE_PERCENT (1), MIN_REQUESTS_FOR_RATE (20)
#   NEW_RELIC_API_KEY, NEW_RELIC_ACCOUNT_ID        optional: without them only the
#                                                  smoke probes gate (with a warning)
#   NEW_RELIC_GRAPHQL_URL                          default https://api.newrelic.com/graphql
set -euo pipefail

: "${WORKER_NAME:?set WORKER_NAME}" "${CANARY_VERSION:?set CANARY_VERSION}"
SIGNAL="${HEALTH_SIGNAL:-api}"
case "$SIGNAL" in
  api | helper) : "${BASE_URL:?set BASE_URL}" ;;
  tail) ;;
  *) echo "health-window: HEALTH_SIGNAL must be api, helper or tail (got '$SIGNAL')" >&2; exit 2 ;;
esac
WINDOW="${HEALTH_WINDOW_SECONDS:-1500}"
INTERVAL="${HEALTH_INTERVAL_SECONDS:-60}"
MAX_RATE="${MAX_ERROR_RATE_PERCENT:-1}"
MIN_REQUESTS="${MIN_REQUESTS_FOR_RATE:-20}"
NR_URL="${NEW_RELIC_GRAPHQL_URL:-https://api.newrelic.com/graphql}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SMOKE="$HERE/../../scripts/smoke.sh"

if [ "$SIGNAL" = api ]; then
  export SMOKE_VERSION_OVERRIDE="${WORKER_NAME}=\"${CANARY_VERSION}\""
else
  unset SMOKE_VERSION_OVERRIDE
fi

if [ -z "${NEW_RELIC_API_KEY:-}" ] || [ -z "${NEW_RELIC_ACCOUNT_ID:-}" ]; then
  echo "::warning::NEW_RELIC_API_KEY/NEW_RELIC_ACCOUNT_ID not set: the health window gates on smoke probes only"
  NR_ENABLED=no
else
  NR_ENABLED=yes
fi

# nrql_first_result <nrql> <jq expression> — the expression on the query's first result row, or
# nothing when New Relic cannot answer (an observability outage must not fail a deploy).
nrql_first_result() {
  local query response
  query="$(jq -n --arg nrql "$1" --argjson account "$NEW_RELIC_ACCOUNT_ID" \
    '{query: "query($account: Int!, $nrql: Nrql!) { actor { account(id: $account) { nrql(query: $nrql) { results } } } }", variables: {account: $account, nrql: $nrql}}')"
  response="$(curl -sS --max-time 20 -H 'Content-Type: application/json' -H "API-Key: ${NEW_RELIC_API_KEY}" \
    -d "$query" "$NR_URL" 2>/dev/null)" || return 0
  jq -r ".data.actor.account.nrql.results[0] | select(. != null) | $2" <<<"$response" 2>/dev/null || true
}

# Prints "<error rate percent> <invocation count>" for the canary (requests, or RPC calls for the helper).
canary_error_rate() {
  nrql_first_result "FROM Log SELECT percentage(count(*), WHERE worker.outcome != 'ok' OR http.status >= 500) AS errorRate, count(*) AS requests WHERE logtype = 'cf-worker-trace' AND service.name = '${WORKER_NAME}' AND worker.version = '${CANARY_VERSION}' SINCE 10 minutes ago" \
    '"\(.errorRate // 0) \(.requests // 0)"'
}

# Prints how many records the canary tail Worker has shipped since it started.
canary_shipped() {
  nrql_first_result "FROM Log SELECT count(*) AS shipped WHERE log_tail.version = '${CANARY_VERSION}' SINCE 60 minutes ago" \
    '"\(.shipped // 0)"'
}

deadline=$((SECONDS + WINDOW))
smoke_failures_in_a_row=0
round=0
shipped=""
while :; do
  round=$((round + 1))
  if [ "$SIGNAL" = tail ]; then
    :
  elif "$SMOKE" "$BASE_URL" >"${RUNNER_TEMP:-/tmp}/smoke-round.txt" 2>&1; then
    smoke_failures_in_a_row=0
    echo "round $round: smoke OK"
  else
    smoke_failures_in_a_row=$((smoke_failures_in_a_row + 1))
    echo "round $round: smoke failed ($smoke_failures_in_a_row in a row)"
    sed 's/^/    /' "${RUNNER_TEMP:-/tmp}/smoke-round.txt"
    if [ "$smoke_failures_in_a_row" -ge 2 ]; then
      echo "::error::canary ${CANARY_VERSION} failed the smoke probes twice in a row"
      exit 1
    fi
  fi

  if [ "$NR_ENABLED" = yes ] && [ "$SIGNAL" = tail ]; then
    count="$(canary_shipped)"
    if [ -z "$count" ]; then
      echo "round $round: New Relic did not answer; shipped records not counted this round"
    else
      shipped="$count"
      echo "round $round: canary tail shipped ${shipped} records"
    fi
  elif [ "$NR_ENABLED" = yes ]; then
    read -r rate requests <<<"$(canary_error_rate)" || true
    if [ -z "${rate:-}" ]; then
      echo "round $round: New Relic did not answer; error rate not checked this round"
    elif [ "${requests%.*}" -lt "$MIN_REQUESTS" ]; then
      echo "round $round: error rate ${rate}% over ${requests} requests (too few to judge)"
    elif awk -v r="$rate" -v m="$MAX_RATE" 'BEGIN { exit !(r > m) }'; then
      echo "::error::canary ${CANARY_VERSION} error rate ${rate}% over ${requests} requests exceeds ${MAX_RATE}%"
      exit 1
    else
      echo "round $round: error rate ${rate}% over ${requests} requests"
    fi
  fi

  [ "$SECONDS" -lt "$deadline" ] || break
  sleep "$INTERVAL"
done
if [ "$SIGNAL" = tail ]; then
  if [ -z "$shipped" ]; then
    echo "::warning::canary tail ${CANARY_VERSION}: New Relic never answered; nothing to judge it by"
  elif [ "${shipped%.*}" -lt 1 ]; then
    echo "::error::canary tail ${CANARY_VERSION} shipped no record to New Relic in the whole ${WINDOW}s window"
    exit 1
  fi
fi
echo "canary ${CANARY_VERSION} healthy for the whole ${WINDOW}s window"
