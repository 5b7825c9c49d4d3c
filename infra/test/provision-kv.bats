#!/usr/bin/env bats
# provision-kv.sh against a stubbed wrangler, on temp copies of the two wrangler.toml files.
# Run: bats infra/test/provision-kv.bats

setup() {
  ROOT="$(cd "${BATS_TEST_DIRNAME}/../.." && pwd)"
  SCRIPT="${ROOT}/scripts/provision-kv.sh"
  export STUB_LOG="${BATS_TEST_TMPDIR}/log" STUB_STATE="${BATS_TEST_TMPDIR}/hyperdrive.state" STUB_KV_STATE="${BATS_TEST_TMPDIR}/kv.state"
  mkdir -p "$STUB_LOG"
  cp "${ROOT}/wrangler.toml" "${BATS_TEST_TMPDIR}/api.toml"
  cp "${ROOT}/services/auth-helper/wrangler.toml" "${BATS_TEST_TMPDIR}/helper.toml"
  export KV_TOML_FILES="${BATS_TEST_TMPDIR}/api.toml ${BATS_TEST_TMPDIR}/helper.toml"
  export WRANGLER="${BATS_TEST_DIRNAME}/stubs/wrangler"
}

id_of() { printf 'kv:%s' "$1" | md5sum | cut -c1-32; }
creates() { grep -c 'kv namespace create' "${STUB_LOG}/wrangler.log" || true; }

@test "creates the auth helper's three namespaces and writes each id into its wrangler.toml" {
  run "$SCRIPT"
  [ "$status" -eq 0 ]
  [ "$(creates)" -eq 3 ]
  for env in dev stg prd; do
    grep -q "id = \"$(id_of "kv-adv-svc-auth-helper-cache-${env}")\"" "${BATS_TEST_TMPDIR}/helper.toml"
  done
  [ "$(grep -c 'REPLACE_WITH_AUTH_CACHE_KV_' "${BATS_TEST_TMPDIR}/helper.toml")" -eq 0 ]
}

@test "creates no namespace for the API Worker, which binds no KV" {
  run "$SCRIPT"
  [ "$status" -eq 0 ]
  [ "$(grep -c 'public-api' "${STUB_LOG}/wrangler.log")" -eq 0 ]
  cmp "${ROOT}/wrangler.toml" "${BATS_TEST_TMPDIR}/api.toml"
}

@test "changes nothing but the three KV placeholder lines, and leaves the Hyperdrive placeholders alone" {
  run "$SCRIPT"
  [ "$status" -eq 0 ]
  run diff "${ROOT}/services/auth-helper/wrangler.toml" "${BATS_TEST_TMPDIR}/helper.toml"
  [ "$(printf '%s\n' "$output" | grep -c '^< ')" -eq 3 ]
  [ "$(printf '%s\n' "$output" | grep '^< ' | grep -vc 'id = "REPLACE_WITH_AUTH_CACHE_KV_\(DEV\|STG\|PRD\)_ID"')" -eq 0 ]
  grep -q 'REPLACE_WITH_CONSOLE_DEV_ID' "${BATS_TEST_TMPDIR}/helper.toml"
}

@test "creates only the namespaces of the envs named" {
  run "$SCRIPT" stg
  [ "$status" -eq 0 ]
  [ "$(creates)" -eq 1 ]
  grep -q -- "kv namespace create kv-adv-svc-auth-helper-cache-stg" "${STUB_LOG}/wrangler.log"
  grep -q 'REPLACE_WITH_AUTH_CACHE_KV_DEV_ID' "${BATS_TEST_TMPDIR}/helper.toml"
}

@test "is idempotent: a second run creates nothing and leaves the files as they are" {
  run "$SCRIPT"
  [ "$status" -eq 0 ]
  cp "${BATS_TEST_TMPDIR}/helper.toml" "${BATS_TEST_TMPDIR}/helper.after-first"
  : >"${STUB_LOG}/wrangler.log"
  run "$SCRIPT"
  [ "$status" -eq 0 ]
  [ "$(creates)" -eq 0 ]
  [[ "$output" == *"0 created, 3 already existed"* ]]
  cmp "${BATS_TEST_TMPDIR}/helper.toml" "${BATS_TEST_TMPDIR}/helper.after-first"
}

@test "reuses a namespace created earlier by hand and writes its id" {
  printf '%s kv-adv-svc-auth-helper-cache-prd\n' 0123456789abcdef0123456789abcdef >"$STUB_KV_STATE"
  run "$SCRIPT" prd
  [ "$status" -eq 0 ]
  [ "$(creates)" -eq 0 ]
  grep -q 'id = "0123456789abcdef0123456789abcdef"' "${BATS_TEST_TMPDIR}/helper.toml"
}

@test "finds the new id in the list when wrangler prints no config snippet" {
  export STUB_CREATE_QUIET=1
  run "$SCRIPT" dev
  [ "$status" -eq 0 ]
  grep -q "id = \"$(id_of kv-adv-svc-auth-helper-cache-dev)\"" "${BATS_TEST_TMPDIR}/helper.toml"
}

@test "dry run lists what it would create and touches neither Cloudflare nor the files" {
  run "$SCRIPT" --dry-run
  [ "$status" -eq 0 ]
  [[ "$output" == *"would create kv-adv-svc-auth-helper-cache-prd"* ]]
  [ "$(creates)" -eq 0 ]
  cmp "${ROOT}/services/auth-helper/wrangler.toml" "${BATS_TEST_TMPDIR}/helper.toml"
}

@test "stops with wrangler's message when a create fails, and with a hint when it cannot list" {
  export STUB_CREATE_FAILS=1
  run "$SCRIPT" dev
  [ "$status" -ne 0 ]
  [[ "$output" == *"kv namespace create kv-adv-svc-auth-helper-cache-dev failed"* ]]
  export STUB_LIST_FAILS=1
  run "$SCRIPT"
  [ "$status" -ne 0 ]
  [[ "$output" == *"wrangler kv namespace list failed"* ]]
}

@test "refuses an unknown argument" {
  run "$SCRIPT" qa
  [ "$status" -ne 0 ]
  [[ "$output" == *"unknown argument 'qa'"* ]]
}
