#!/usr/bin/env bats
# scripts/smoke.sh against a local fake API (tests/smoke/fake-api.mjs).

load fake-api

setup() {
  ROOT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  SMOKE="$ROOT/scripts/smoke.sh"
  export SMOKE_INTEGRATION_KEY=int-smoke SMOKE_API_KEY=key-smoke
}

teardown() {
  stop_fake
}

@test "passes all four probes against a healthy API" {
  start_fake
  run "$SMOKE" "$BASE"
  [ "$status" -eq 0 ]
  [ "$(grep -c '^PASS ' <<<"$output")" -eq 4 ]
  [[ "$output" == *"all 4 probes passed"* ]]
}

@test "fails when /__health is not 200" {
  start_fake health
  run "$SMOKE" "$BASE"
  [ "$status" -eq 1 ]
  [[ "$output" == *"FAIL  GET /__health → 200: got 503"* ]]
}

@test "fails when valid credentials do not answer {\"status\":true}" {
  start_fake valid
  run "$SMOKE" "$BASE"
  [ "$status" -eq 1 ]
  [[ "$output" == *'FAIL  GET /credentialscheck (valid)'* ]]
}

@test "fails when wrong credentials are accepted" {
  start_fake invalid
  run "$SMOKE" "$BASE"
  [ "$status" -eq 1 ]
  [[ "$output" == *"FAIL  GET /credentialscheck (invalid) → 401: got 200"* ]]
}

@test "fails when /advertisers returns no rows" {
  start_fake advertisers
  run "$SMOKE" "$BASE"
  [ "$status" -eq 1 ]
  [[ "$output" == *"FAIL  GET /advertisers (valid) → 200 with rows: got 200 []"* ]]
}

@test "fails every probe, without hanging, when the API never answers" {
  start_fake hang
  SMOKE_TIMEOUT=1 run "$SMOKE" "$BASE"
  [ "$status" -eq 1 ]
  [ "$(grep -c '^FAIL .*got 000' <<<"$output")" -eq 4 ]
}

@test "refuses to run without credentials in the environment" {
  unset SMOKE_API_KEY
  run "$SMOKE" "http://127.0.0.1:9"
  [ "$status" -ne 0 ]
  [[ "$output" == *"set SMOKE_API_KEY"* ]]
}

@test "never prints the credentials" {
  start_fake valid
  run "$SMOKE" "$BASE"
  [[ "$output" != *key-smoke* ]]
  [[ "$output" != *int-smoke* ]]
}
