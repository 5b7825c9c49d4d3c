#!/usr/bin/env bash
# Reports one staging smoke result to New Relic as a StagingSmoke custom event
# (plan phase 7: "alarm if smoke fails more than once consecutively in stg"):
#   nr-smoke-event.sh <passed|failed>
# The event carries consecutive_failures: the previous event's count (read back
# from New Relic) plus one on a failure, 0 on a pass. The staging-smoke alert of
# infra/observability pages when it is above 1.
#
# Environment: NEW_RELIC_ACCOUNT_ID, NEW_RELIC_LICENSE_KEY (ingest, Event API),
# NEW_RELIC_API_KEY (user key, reads the previous count); optional
# NEW_RELIC_GRAPHQL_URL, NEW_RELIC_EVENTS_URL, CURL. Without the keys, or when
# New Relic is unreachable, it warns and exits 0: observability never fails a
# deploy (the smoke step itself already failed the workflow).
set -uo pipefail

RESULT="${1:-}"
case "$RESULT" in
  passed | failed) ;;
  *) echo "usage: nr-smoke-event.sh <passed|failed>" >&2; exit 2 ;;
esac
read -r -a CURL_CMD <<<"${CURL:-curl}"
NR_GRAPHQL="${NEW_RELIC_GRAPHQL_URL:-https://api.newrelic.com/graphql}"

if [ -z "${NEW_RELIC_ACCOUNT_ID:-}" ] || [ -z "${NEW_RELIC_LICENSE_KEY:-}" ]; then
  echo "::warning::StagingSmoke event skipped (NEW_RELIC_ACCOUNT_ID/NEW_RELIC_LICENSE_KEY not set)"
  exit 0
fi
case "$NEW_RELIC_ACCOUNT_ID" in
  '' | *[!0-9]*) echo "::warning::StagingSmoke event skipped (NEW_RELIC_ACCOUNT_ID is not a number)"; exit 0 ;;
esac
EVENTS_URL="${NEW_RELIC_EVENTS_URL:-https://insights-collector.newrelic.com/v1/accounts/${NEW_RELIC_ACCOUNT_ID}/events}"

# The count the last reported event carried; 0 when there is none or New Relic cannot say.
previous_failures() {
  local query response
  [ -n "${NEW_RELIC_API_KEY:-}" ] || { echo 0; return; }
  query="$(jq -n --argjson account "$NEW_RELIC_ACCOUNT_ID" \
    --arg nrql "SELECT latest(consecutive_failures) AS previous FROM StagingSmoke WHERE environment = 'stg' SINCE 1 week ago" \
    '{query: "query($account: Int!, $nrql: Nrql!) { actor { account(id: $account) { nrql(query: $nrql) { results } } } }", variables: {account: $account, nrql: $nrql}}')"
  response="$("${CURL_CMD[@]}" -sS --max-time 20 -H 'Content-Type: application/json' -H "API-Key: ${NEW_RELIC_API_KEY}" \
    -d "$query" "$NR_GRAPHQL" 2>/dev/null)" || { echo 0; return; }
  jq -r '.data.actor.account.nrql.results[0].previous // 0 | if type == "number" then floor else 0 end' <<<"$response" 2>/dev/null || echo 0
}

if [ "$RESULT" = failed ]; then
  consecutive=$(($(previous_failures) + 1))
else
  consecutive=0
fi

body="$(jq -n --arg result "$RESULT" --argjson consecutive "$consecutive" \
  --arg commit "${GITHUB_SHA:-}" --arg run "${GITHUB_RUN_ID:-}" \
  '[{eventType: "StagingSmoke", environment: "stg", result: $result, consecutive_failures: $consecutive, commit: $commit, run_id: $run}]')"

if "${CURL_CMD[@]}" -sS --fail --max-time 20 -H 'Content-Type: application/json' -H "Api-Key: ${NEW_RELIC_LICENSE_KEY}" \
  -d "$body" "$EVENTS_URL" >/dev/null 2>&1; then
  echo "StagingSmoke reported: result=${RESULT} consecutive_failures=${consecutive}"
else
  echo "::warning::StagingSmoke event could not be sent (result=${RESULT}, consecutive_failures=${consecutive})"
fi
exit 0
