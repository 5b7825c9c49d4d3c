#!/usr/bin/env bats
# verify-gates.sh against stubbed aws, wrangler, curl and dig. Run: bats infra/test/verify-gates.bats

setup() {
  ROOT="$(cd "${BATS_TEST_DIRNAME}/../.." && pwd)"
  SCRIPT="${ROOT}/scripts/verify-gates.sh"
  STUBS="${BATS_TEST_DIRNAME}/stubs"
  export AWS="${STUBS}/aws" WRANGLER="${STUBS}/wrangler" CURL="${STUBS}/curl" DIG="${STUBS}/dig"
  export STUB_LOG="${BATS_TEST_TMPDIR}" STUB_STATE="${BATS_TEST_TMPDIR}/hyperdrive.state"
  sed 's/REPLACE_WITH_\(CONSOLE\|AGGREGATE\)_\([A-Z]*\)_ID/0123456789abcdef0123456789abcdef/' "${ROOT}/wrangler.toml" >"${BATS_TEST_TMPDIR}/api.toml"
  export GATES_TOML_FILES="${BATS_TEST_TMPDIR}/api.toml"
  local env cluster
  for env in dev stg prd; do
    for cluster in console aggregate; do
      printf '%032d adv-svc-public-api-%s-%s\n' 7 "$cluster" "$env" >>"$STUB_STATE"
    done
  done
}

@test "phase 2 passes when six configs exist, no placeholder is left and the dry run works" {
  run "$SCRIPT" 2
  [ "$status" -eq 0 ]
  [[ "$output" == *"PASS  wrangler hyperdrive list shows the six configs — 6 configs"* ]]
  [[ "$output" == *"PASS  wrangler.toml files hold no Hyperdrive placeholders"* ]]
  [[ "$output" == *"gates: 3 passed, 0 failed"* ]]
}

@test "phase 2 names the missing config and the leftover placeholders" {
  grep -v 'aggregate-prd' "$STUB_STATE" >"${STUB_STATE}.new" && mv "${STUB_STATE}.new" "$STUB_STATE"
  cp "${ROOT}/wrangler.toml" "${BATS_TEST_TMPDIR}/api.toml"
  export STUB_DEPLOY_RC=1
  run "$SCRIPT" 2
  [ "$status" -ne 0 ]
  [[ "$output" == *"FAIL  wrangler hyperdrive list shows the six configs — missing: adv-svc-public-api-aggregate-prd"* ]]
  [[ "$output" == *"FAIL  wrangler.toml files hold no Hyperdrive placeholders — still there: REPLACE_WITH_AGGREGATE_DEV_ID"* ]]
  [[ "$output" == *"FAIL  wrangler deploy --dry-run --env dev passes"* ]]
  [[ "$output" == *"gates: 0 passed, 3 failed"* ]]
}

@test "phase 1 passes when the pipeline, the AMI pointer and every ASG are healthy" {
  run "$SCRIPT" 1
  [ "$status" -eq 0 ]
  [[ "$output" == *"PASS  ASG adv-cflared-prd: healthy == desired — 2/2 healthy"* ]]
  [[ "$output" == *"gates: 5 passed, 0 failed"* ]]
}

@test "phase 1 fails when a prd replica is unhealthy or the AMI is not available" {
  export STUB_PRD_HEALTHY=1 STUB_AMI_STATE=deregistered
  run "$SCRIPT" 1
  [ "$status" -ne 0 ]
  [[ "$output" == *"FAIL  ASG adv-cflared-prd: healthy == desired — 1/2 healthy"* ]]
  [[ "$output" == *"FAIL  /adventive/cloudflared/ami-id-latest resolves to an available AMI — ami-0abc0000000000001 is deregistered"* ]]
}

@test "cutover checks health in every env and a DNS TTL of at most 300 seconds" {
  run "$SCRIPT" cutover
  [ "$status" -eq 0 ]
  [[ "$output" == *"PASS  https://api.adventivestg.com/__health answers 200 — HTTP 200"* ]]
  [[ "$output" == *"gates: 6 passed, 0 failed"* ]]
  export STUB_TTL=3600 STUB_STATUS_api_adventive_com=503
  run "$SCRIPT" cutover
  [ "$status" -ne 0 ]
  [[ "$output" == *"FAIL  https://api.adventive.com/__health answers 200 — HTTP 503"* ]]
  [[ "$output" == *"FAIL  DNS TTL of api.adventive.dev <= 300 — TTL 3600"* ]]
}

@test "explains its usage when no phase is given" {
  run "$SCRIPT"
  [ "$status" -eq 2 ]
  [[ "$output" == *"usage:"* ]]
}
