#!/usr/bin/env bats
# .github/scripts/nr-smoke-event.sh (deploy-stg's smoke report) against a stubbed curl.

setup() {
  ROOT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  SCRIPT="$ROOT/.github/scripts/nr-smoke-event.sh"
  export CURL="$BATS_TEST_DIRNAME/stubs/curl" STUB_LOG="$BATS_TEST_TMPDIR"
  export NEW_RELIC_ACCOUNT_ID=1234567 NEW_RELIC_LICENSE_KEY=ingest-key NEW_RELIC_API_KEY=user-key
  export NEW_RELIC_GRAPHQL_URL=https://nr.test/graphql GITHUB_SHA=abc123 GITHUB_RUN_ID=42
  unset NEW_RELIC_EVENTS_URL STUB_PREVIOUS
  : >"$STUB_LOG/curl.log"
}

event_body() { grep '/events' "$STUB_LOG/curl.log" | cut -f2; }

@test "a pass resets the count and reports a StagingSmoke event to the account's Event API" {
  export STUB_PREVIOUS=3
  run "$SCRIPT" passed
  [ "$status" -eq 0 ]
  [[ "$output" == *"result=passed consecutive_failures=0"* ]]
  grep -q '^https://insights-collector.newrelic.com/v1/accounts/1234567/events' "$STUB_LOG/curl.log"
  [ "$(event_body | jq -c '.[0] | {eventType, environment, result, consecutive_failures, commit, run_id}')" = \
    '{"eventType":"StagingSmoke","environment":"stg","result":"passed","consecutive_failures":0,"commit":"abc123","run_id":"42"}' ]
  [ "$(grep -c graphql "$STUB_LOG/curl.log")" -eq 0 ]
}

@test "a failure after a failure reports two consecutive failures (what the alert pages on)" {
  export STUB_PREVIOUS=1
  run "$SCRIPT" failed
  [ "$status" -eq 0 ]
  [ "$(event_body | jq '.[0].consecutive_failures')" -eq 2 ]
  grep graphql "$STUB_LOG/curl.log" | cut -f2 | jq -e '.variables.nrql | contains("latest(consecutive_failures)")'
}

@test "a first failure counts one" {
  run "$SCRIPT" failed
  [ "$status" -eq 0 ]
  [ "$(event_body | jq '.[0].consecutive_failures')" -eq 1 ]
}

@test "counts from zero when New Relic cannot say what came before" {
  export STUB_GRAPHQL_FAILS=1
  run "$SCRIPT" failed
  [ "$status" -eq 0 ]
  [ "$(event_body | jq '.[0].consecutive_failures')" -eq 1 ]
}

@test "never fails the workflow: warns when the Event API refuses or the keys are missing" {
  export STUB_EVENTS_FAILS=1
  run "$SCRIPT" failed
  [ "$status" -eq 0 ]
  [[ "$output" == *"::warning::StagingSmoke event could not be sent"* ]]
  unset NEW_RELIC_LICENSE_KEY
  run "$SCRIPT" passed
  [ "$status" -eq 0 ]
  [[ "$output" == *"skipped"* ]]
}

@test "never sends a key in an event body, and refuses a result it does not know" {
  run "$SCRIPT" passed
  [ -n "$(event_body)" ]
  [ "$(event_body | grep -c 'ingest-key\|user-key')" -eq 0 ]
  run "$SCRIPT" maybe
  [ "$status" -eq 2 ]
}
