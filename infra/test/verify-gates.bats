#!/usr/bin/env bats
# verify-gates.sh against stubbed aws, wrangler, curl and dig. Run: bats infra/test/verify-gates.bats

provision() {
  sed -e 's/REPLACE_WITH_[A-Z_]*_ID/0123456789abcdef0123456789abcdef/' \
    -e 's/REPLACE_WITH_AUTH_FAILURES_NAMESPACE_DEV/7101/; s/REPLACE_WITH_AUTH_FAILURES_NAMESPACE_STG/7102/; s/REPLACE_WITH_AUTH_FAILURES_NAMESPACE_PRD/7103/' \
    -e 's#REPLACE_WITH_\(LEGACY\|SHADOW\)_ORIGIN_\([A-Z]*\)#https://\1-\2.example.com#' "$1"
}

setup() {
  ROOT="$(cd "${BATS_TEST_DIRNAME}/../.." && pwd)"
  SCRIPT="${ROOT}/scripts/verify-gates.sh"
  STUBS="${BATS_TEST_DIRNAME}/stubs"
  export AWS="${STUBS}/aws" WRANGLER="${STUBS}/wrangler" CURL="${STUBS}/curl" DIG="${STUBS}/dig"
  export STUB_LOG="${BATS_TEST_TMPDIR}" STUB_STATE="${BATS_TEST_TMPDIR}/hyperdrive.state"
  # Provisioned copies: every REPLACE_WITH_ id replaced by a 32-hex id, each env's AUTH_FAILURES
  # namespace by an integer of its own, the legacy and shadow origins by URLs.
  provision "${ROOT}/wrangler.toml" >"${BATS_TEST_TMPDIR}/api.toml"
  provision "${ROOT}/services/auth-helper/wrangler.toml" >"${BATS_TEST_TMPDIR}/helper.toml"
  export GATES_TOML_FILES="${BATS_TEST_TMPDIR}/api.toml ${BATS_TEST_TMPDIR}/helper.toml"
  export GATE_RETRY_SECONDS=0 STUB_KV_STATE="${BATS_TEST_TMPDIR}/kv.state"
  local env cluster
  for env in dev stg prd; do
    for cluster in console aggregate; do
      printf '%032d adv-svc-public-api-%s-%s\n' 7 "$cluster" "$env" >>"$STUB_STATE"
    done
    printf '%032d kv-adv-svc-auth-helper-cache-%s\n' 9 "$env" >>"$STUB_KV_STATE"
  done
}

@test "phase 2 passes when six configs exist, no placeholder is left, the deploy config holds, the dry run works and SELECT 1 answers everywhere" {
  run "$SCRIPT" 2
  [ "$status" -eq 0 ]
  [[ "$output" == *"PASS  wrangler hyperdrive list shows the six configs — 6 configs"* ]]
  [[ "$output" == *"PASS  wrangler.toml files hold no REPLACE_WITH_ placeholder"* ]]
  [[ "$output" == *"PASS  AUTH_FAILURES has an integer namespace_id of its own in dev, stg and prd — dev 7101, stg 7102, prd 7103"* ]]
  [[ "$output" == *"PASS  no env sends shadow requests to its LEGACY_ORIGIN"* ]]
  [[ "$output" == *"PASS  SELECT 1 through the prd Hyperdrive configs (console, aggregate) — console 12 ms, aggregate 15 ms"* ]]
  [[ "$output" == *"gates: 8 passed, 0 failed"* ]]
}

@test "phase 2 names the missing config and every leftover placeholder, Hyperdrive or KV" {
  grep -v 'aggregate-prd' "$STUB_STATE" >"${STUB_STATE}.new" && mv "${STUB_STATE}.new" "$STUB_STATE"
  sed 's/REPLACE_WITH_\(CONSOLE\|AGGREGATE\)_\([A-Z]*\)_ID/0123456789abcdef0123456789abcdef/' "${ROOT}/wrangler.toml" >"${BATS_TEST_TMPDIR}/api.toml"
  cp "${ROOT}/services/auth-helper/wrangler.toml" "${BATS_TEST_TMPDIR}/helper.toml"
  export STUB_DEPLOY_RC=1
  run "$SCRIPT" 2
  [ "$status" -ne 0 ]
  [[ "$output" == *"FAIL  wrangler hyperdrive list shows the six configs — missing: adv-svc-public-api-aggregate-prd"* ]]
  [[ "$output" == *"FAIL  wrangler.toml files hold no REPLACE_WITH_ placeholder — still there: REPLACE_WITH_AUTH_CACHE_KV_DEV_ID"* ]]
  [[ "$output" == *"REPLACE_WITH_AUTH_FAILURES_NAMESPACE_PRD"* ]]
  [[ "$output" == *"REPLACE_WITH_CONSOLE_STG_ID"* ]]
  [[ "$output" == *"REPLACE_WITH_LEGACY_ORIGIN_STG"* ]]
  [[ "$output" == *"REPLACE_WITH_SHADOW_ORIGIN_PRD"* ]]
  [[ "$output" == *'FAIL  AUTH_FAILURES has an integer namespace_id of its own in dev, stg and prd — dev: namespace_id "REPLACE_WITH_AUTH_FAILURES_NAMESPACE_DEV" is not a positive integer'* ]]
  [[ "$output" == *"FAIL  wrangler deploy --dry-run --env dev passes"* ]]
}

@test "phase 2 fails when two envs share an AUTH_FAILURES namespace, or an env shadows to its legacy origin" {
  sed -i 's/^namespace_id = "7103"$/namespace_id = "7101"/' "${BATS_TEST_TMPDIR}/api.toml"
  sed -i 's#^SHADOW_ORIGIN = "https://SHADOW-STG.example.com"$#SHADOW_ORIGIN = "https://LEGACY-STG.example.com/"#' "${BATS_TEST_TMPDIR}/api.toml"
  run "$SCRIPT" 2
  [ "$status" -ne 0 ]
  [[ "$output" == *"FAIL  AUTH_FAILURES has an integer namespace_id of its own in dev, stg and prd — prd: namespace_id 7101 is also another env's"* ]]
  [[ "$output" == *"FAIL  no env sends shadow requests to its LEGACY_ORIGIN — SHADOW_ORIGIN is LEGACY_ORIGIN in stg"* ]]
  [[ "$output" == *"PASS  wrangler.toml files hold no REPLACE_WITH_ placeholder"* ]]
}

@test "fails on a placeholder left in only one file" {
  printf '# later\n[[env.dev.kv_namespaces]]\nbinding = "X"\nid = "REPLACE_WITH_NEW_KV_DEV_ID"\n' >>"${BATS_TEST_TMPDIR}/helper.toml"
  run "$SCRIPT" 2
  [ "$status" -ne 0 ]
  [[ "$output" == *"FAIL  wrangler.toml files hold no REPLACE_WITH_ placeholder — still there: REPLACE_WITH_NEW_KV_DEV_ID"* ]]
}

@test "phase 2 deploys a gate Worker per env with that env's Hyperdrive ids and a one-time token, and deletes it" {
  sed -i 's/^id = "0123456789abcdef0123456789abcdef"$/id = "fedcba9876543210fedcba9876543210"/' "${BATS_TEST_TMPDIR}/api.toml"
  run "$SCRIPT" 2
  [ "$status" -eq 0 ]
  [ "$(sort "${STUB_LOG}/deployed" | tr '\n' ' ')" = "adv-gate-select-one-dev adv-gate-select-one-prd adv-gate-select-one-stg " ]
  [ "$(sort "${STUB_LOG}/deleted" | tr '\n' ' ')" = "adv-gate-select-one-dev adv-gate-select-one-prd adv-gate-select-one-stg " ]
  grep -q 'id = "fedcba9876543210fedcba9876543210"' "${STUB_LOG}/adv-gate-select-one-prd.toml"
  grep -q 'service = "adv-svc-auth-helper-prd"' "${STUB_LOG}/adv-gate-select-one-prd.toml"
  [ "$(grep -c 'select-one token=yes' "${STUB_LOG}/curl.log")" -eq 3 ]
  grep -q -- '--var GATE_TOKEN:[0-9a-f]\{32\}' "${STUB_LOG}/wrangler.log"
}

@test "phase 2 fails on a Hyperdrive config whose SELECT 1 fails, and still deletes the gate Worker" {
  export STUB_SELECT_ONE_stg='{"console":{"ok":true,"ms":9},"aggregate":{"ok":false,"ms":5003,"error":"ETIMEDOUT"}}'
  run "$SCRIPT" 2
  [ "$status" -ne 0 ]
  [[ "$output" == *"FAIL  SELECT 1 through the stg Hyperdrive configs (console, aggregate) — console 9 ms, aggregate ETIMEDOUT"* ]]
  [[ "$output" == *"PASS  SELECT 1 through the dev Hyperdrive configs"* ]]
  grep -q adv-gate-select-one-stg "${STUB_LOG}/deleted"
}

@test "phase 2 refuses to deploy the gate Worker while an env has no Hyperdrive ids" {
  cp "${ROOT}/wrangler.toml" "${BATS_TEST_TMPDIR}/api.toml"
  run "$SCRIPT" 2
  [ "$status" -ne 0 ]
  [[ "$output" == *"FAIL  SELECT 1 through the dev Hyperdrive configs (console, aggregate) — [env.dev] DB_CONSOLE has no Hyperdrive id yet (REPLACE_WITH_CONSOLE_DEV_ID): run scripts/provision-hyperdrive.sh dev"* ]]
  [ ! -e "${STUB_LOG}/deployed" ]
}

@test "phase 2 reports a gate Worker that cannot be deployed, and cleans up" {
  export STUB_GATE_DEPLOY_RC=1
  run "$SCRIPT" 2
  [ "$status" -ne 0 ]
  [[ "$output" == *"FAIL  SELECT 1 through the prd Hyperdrive configs (console, aggregate) — deploying the gate Worker failed: ✘ [ERROR] Authentication error [code: 10000]"* ]]
  [ "$(wc -l <"${STUB_LOG}/deleted")" -eq 3 ]
}

@test "phase 3 passes when the three KV namespaces exist and, in every env, the helper is healthy and the stored keys pass" {
  run "$SCRIPT" 3
  [ "$status" -eq 0 ]
  [[ "$output" == *"PASS  wrangler kv namespace list shows the auth helper's three namespaces — 3 namespaces"* ]]
  [[ "$output" == *'PASS  adv-svc-auth-helper-stg /__health answers 200 — HTTP 200 {"status":"ok","commit":"abc"}'* ]]
  [[ "$output" == *"PASS  stored keys of the prd console database are 1-64 printable ASCII (the API refuses others unread) — 7 stored credentials, none refused"* ]]
  [[ "$output" == *"gates: 7 passed, 0 failed"* ]]
}

@test "phase 3 asks one gate Worker per env both questions, with its token, and deletes it" {
  run "$SCRIPT" 3
  [ "$status" -eq 0 ]
  [ "$(sort "${STUB_LOG}/deployed" | tr '\n' ' ')" = "adv-gate-select-one-dev adv-gate-select-one-prd adv-gate-select-one-stg " ]
  [ "$(wc -l <"${STUB_LOG}/deleted")" -eq 3 ]
  [ "$(grep -c '/helper-health token=yes' "${STUB_LOG}/curl.log")" -eq 3 ]
  [ "$(grep -c '/stored-keys token=yes' "${STUB_LOG}/curl.log")" -eq 3 ]
}

@test "phase 3 names a missing namespace, an unhealthy helper and the rows of stored keys the API would refuse" {
  grep -v 'cache-prd' "$STUB_KV_STATE" >"${STUB_KV_STATE}.new" && mv "${STUB_KV_STATE}.new" "$STUB_KV_STATE"
  export STUB_HELPER_prd='{"status":503,"body":"Service Unavailable"}'
  export STUB_STORED_KEYS_stg='{"ok":false,"keys":812,"refused":2,"ids":[17,301]}'
  export STUB_STORED_KEYS_dev='{"ok":false,"reason":"ER_NO_SUCH_TABLE"}'
  run "$SCRIPT" 3
  [ "$status" -ne 0 ]
  [[ "$output" == *"FAIL  wrangler kv namespace list shows the auth helper's three namespaces — missing: kv-adv-svc-auth-helper-cache-prd"* ]]
  [[ "$output" == *"FAIL  adv-svc-auth-helper-prd /__health answers 200 — HTTP 503 Service Unavailable"* ]]
  [[ "$output" == *"PASS  adv-svc-auth-helper-dev /__health answers 200"* ]]
  [[ "$output" == *"FAIL  stored keys of the stg console database are 1-64 printable ASCII (the API refuses others unread) — 2 of 812 stored credentials would be refused unread: api.id 17, 301"* ]]
  [[ "$output" == *"FAIL  stored keys of the dev console database are 1-64 printable ASCII (the API refuses others unread) — ER_NO_SUCH_TABLE"* ]]
  [[ "$output" == *"PASS  stored keys of the prd console database"* ]]
}

@test "phase 3 fails both of an env's gates when its gate Worker cannot be deployed" {
  export STUB_GATE_DEPLOY_RC=1
  run "$SCRIPT" 3
  [ "$status" -ne 0 ]
  [[ "$output" == *"FAIL  adv-svc-auth-helper-dev /__health answers 200 — deploying the gate Worker failed: ✘ [ERROR] Authentication error [code: 10000]"* ]]
  [[ "$output" == *"FAIL  stored keys of the dev console database are 1-64 printable ASCII (the API refuses others unread) — deploying the gate Worker failed: ✘ [ERROR] Authentication error [code: 10000]"* ]]
  [[ "$output" == *"gates: 1 passed, 6 failed"* ]]
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
