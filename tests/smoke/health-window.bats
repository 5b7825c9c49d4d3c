#!/usr/bin/env bats
# .github/scripts/health-window.sh (deploy-prd's canary gate) against the fake API,
# which also stands in for New Relic's GraphQL API.

load fake-api

setup() {
  ROOT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  WINDOW="$ROOT/.github/scripts/health-window.sh"
  export SMOKE_INTEGRATION_KEY=int-smoke SMOKE_API_KEY=key-smoke SMOKE_TIMEOUT=2
  export WORKER_NAME=adv-svc-public-api-prd CANARY_VERSION=v-123
  export HEALTH_WINDOW_SECONDS=2 HEALTH_INTERVAL_SECONDS=1 RUNNER_TEMP="$BATS_TEST_TMPDIR"
  unset NEW_RELIC_API_KEY NEW_RELIC_ACCOUNT_ID
}

teardown() {
  stop_fake
}

@test "passes a healthy canary after the whole window, probing the canary version" {
  export FAKE_REQUIRE_OVERRIDE='adv-svc-public-api-prd="v-123"'
  start_fake
  run "$WINDOW"
  [ "$status" -eq 0 ]
  [[ "$output" == *"round 1: smoke OK"* ]]
  [[ "$output" == *"healthy for the whole 2s window"* ]]
  [[ "$output" == *"smoke probes only"* ]]
}

@test "fails after two smoke failures in a row" {
  start_fake valid
  run "$WINDOW"
  [ "$status" -eq 1 ]
  [[ "$output" == *"failed the smoke probes twice in a row"* ]]
}

@test "fails when the canary's New Relic error rate is above the limit" {
  FAKE_NR_ERROR_RATE=5 start_fake
  export NEW_RELIC_API_KEY=nr NEW_RELIC_ACCOUNT_ID=1 NEW_RELIC_GRAPHQL_URL="$BASE_URL/graphql" MAX_ERROR_RATE_PERCENT=1
  run "$WINDOW"
  [ "$status" -eq 1 ]
  [[ "$output" == *"error rate 5% over 100 requests exceeds 1%"* ]]
}

@test "keeps gating on smoke when New Relic cannot be reached" {
  start_fake
  export NEW_RELIC_API_KEY=nr NEW_RELIC_ACCOUNT_ID=1 NEW_RELIC_GRAPHQL_URL="http://127.0.0.1:9/graphql"
  run "$WINDOW"
  [ "$status" -eq 0 ]
  [[ "$output" == *"New Relic did not answer"* ]]
}

@test "judges an auth helper canary by its RPC error rate, with unpinned smoke probes" {
  FAKE_REJECT_OVERRIDE=1 FAKE_NR_ERROR_RATE=0 start_fake
  export HEALTH_SIGNAL=helper WORKER_NAME=adv-svc-auth-helper-prd
  export NEW_RELIC_API_KEY=nr NEW_RELIC_ACCOUNT_ID=1 NEW_RELIC_GRAPHQL_URL="$BASE_URL/graphql"
  run "$WINDOW"
  [ "$status" -eq 0 ]
  [[ "$output" == *"round 1: smoke OK"* ]]
  [[ "$output" == *"error rate 0% over 100 requests"* ]]
}

@test "rolls back an auth helper canary whose error rate is above the limit" {
  FAKE_NR_ERROR_RATE=3 start_fake
  export HEALTH_SIGNAL=helper WORKER_NAME=adv-svc-auth-helper-prd
  export NEW_RELIC_API_KEY=nr NEW_RELIC_ACCOUNT_ID=1 NEW_RELIC_GRAPHQL_URL="$BASE_URL/graphql"
  run "$WINDOW"
  [ "$status" -eq 1 ]
  [[ "$output" == *"error rate 3% over 100 requests exceeds 1%"* ]]
}

@test "passes a tail canary that shipped records, without any smoke probe" {
  FAKE_NR_SHIPPED=12 start_fake health
  export HEALTH_SIGNAL=tail WORKER_NAME=adv-svc-public-api-tail-prd
  export NEW_RELIC_API_KEY=nr NEW_RELIC_ACCOUNT_ID=1 NEW_RELIC_GRAPHQL_URL="$BASE_URL/graphql"
  unset BASE_URL
  run "$WINDOW"
  [ "$status" -eq 0 ]
  [[ "$output" == *"canary tail shipped 12 records"* ]]
  [[ "$output" != *"smoke"* ]]
}

@test "rolls back a tail canary that shipped nothing in the whole window" {
  FAKE_NR_SHIPPED=0 start_fake
  export HEALTH_SIGNAL=tail WORKER_NAME=adv-svc-public-api-tail-prd
  export NEW_RELIC_API_KEY=nr NEW_RELIC_ACCOUNT_ID=1 NEW_RELIC_GRAPHQL_URL="$BASE_URL/graphql"
  run "$WINDOW"
  [ "$status" -eq 1 ]
  [[ "$output" == *"shipped no record to New Relic in the whole 2s window"* ]]
}

@test "refuses an unknown health signal" {
  export HEALTH_SIGNAL=dns
  run "$WINDOW"
  [ "$status" -eq 2 ]
}
