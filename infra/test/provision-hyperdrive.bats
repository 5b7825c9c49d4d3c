#!/usr/bin/env bats
# provision-hyperdrive.sh against a stubbed wrangler, on temp copies of the two wrangler.toml files.
# Run: bats infra/test/provision-hyperdrive.bats

setup() {
  ROOT="$(cd "${BATS_TEST_DIRNAME}/../.." && pwd)"
  SCRIPT="${ROOT}/scripts/provision-hyperdrive.sh"
  export STUB_LOG="${BATS_TEST_TMPDIR}/log" STUB_STATE="${BATS_TEST_TMPDIR}/hyperdrive.state"
  mkdir -p "$STUB_LOG"
  cp "${ROOT}/wrangler.toml" "${BATS_TEST_TMPDIR}/api.toml"
  cp "${ROOT}/services/auth-helper/wrangler.toml" "${BATS_TEST_TMPDIR}/helper.toml"
  export HYPERDRIVE_TOML_FILES="${BATS_TEST_TMPDIR}/api.toml ${BATS_TEST_TMPDIR}/helper.toml"
  export WRANGLER="${BATS_TEST_DIRNAME}/stubs/wrangler"
  local env cluster
  for env in DEV STG PRD; do
    for cluster in CONSOLE AGGREGATE; do export "HYPERDRIVE_${cluster}_${env}_PASSWORD=pw-${cluster}-${env}-s3cr3t"; done
    export "HYPERDRIVE_ACCESS_CLIENT_ID_${env}=client-${env}.access" "HYPERDRIVE_ACCESS_CLIENT_SECRET_${env}=accesssecret-${env}-x9"
  done
}

id_of() { printf '%s' "$1" | md5sum | cut -c1-32; }

@test "creates the six configs and writes their ids over the placeholders in both toml files" {
  run "$SCRIPT"
  [ "$status" -eq 0 ]
  [ "$(grep -c 'hyperdrive create' "${STUB_LOG}/wrangler.log")" -eq 6 ]
  for env in dev stg prd; do
    for cluster in console aggregate; do
      grep -q "id = \"$(id_of "adv-svc-public-api-${cluster}-${env}")\"" "${BATS_TEST_TMPDIR}/api.toml"
    done
    grep -q "id = \"$(id_of "adv-svc-public-api-console-${env}")\"" "${BATS_TEST_TMPDIR}/helper.toml"
  done
  ! grep -Eq 'REPLACE_WITH_(CONSOLE|AGGREGATE)_' "${BATS_TEST_TMPDIR}/api.toml" "${BATS_TEST_TMPDIR}/helper.toml"
}

@test "changes nothing in the toml files but the six Hyperdrive placeholder lines" {
  run "$SCRIPT"
  [ "$status" -eq 0 ]
  run diff "${ROOT}/wrangler.toml" "${BATS_TEST_TMPDIR}/api.toml"
  [ "$(printf '%s\n' "$output" | grep -c '^< ')" -eq 6 ]
  [ "$(printf '%s\n' "$output" | grep '^< ' | grep -vc 'id = "REPLACE_WITH_\(CONSOLE\|AGGREGATE\)_\(DEV\|STG\|PRD\)_ID"')" -eq 0 ]
  run diff "${ROOT}/services/auth-helper/wrangler.toml" "${BATS_TEST_TMPDIR}/helper.toml"
  [ "$(printf '%s\n' "$output" | grep -c '^< ')" -eq 3 ]
  grep -q 'REPLACE_WITH_AUTH_CACHE_KV_DEV_ID' "${BATS_TEST_TMPDIR}/helper.toml"
}

@test "passes each cluster's host, database, user and the env's Access token to wrangler" {
  run "$SCRIPT" stg
  [ "$status" -eq 0 ]
  grep -q -- "hyperdrive create adv-svc-public-api-console-stg --origin-scheme mysql --origin-host aurora-console-stg.internal.adventive.com --database console --origin-user ro_user --origin-password pw-CONSOLE-STG-s3cr3t --access-client-id client-STG.access --access-client-secret accesssecret-STG-x9" "${STUB_LOG}/wrangler.log"
  grep -q -- "create adv-svc-public-api-aggregate-stg .* --database aggregate_ro " "${STUB_LOG}/wrangler.log"
  [ "$(grep -c 'hyperdrive create' "${STUB_LOG}/wrangler.log")" -eq 2 ]
  grep -q 'REPLACE_WITH_CONSOLE_DEV_ID' "${BATS_TEST_TMPDIR}/api.toml"
}

@test "is idempotent: a second run creates nothing and leaves the files as they are" {
  run "$SCRIPT"
  [ "$status" -eq 0 ]
  cp "${BATS_TEST_TMPDIR}/api.toml" "${BATS_TEST_TMPDIR}/api.after-first"
  : >"${STUB_LOG}/wrangler.log"
  run "$SCRIPT"
  [ "$status" -eq 0 ]
  [ "$(grep -c 'hyperdrive create' "${STUB_LOG}/wrangler.log")" -eq 0 ]
  [[ "$output" == *"0 created, 6 already existed"* ]]
  cmp "${BATS_TEST_TMPDIR}/api.toml" "${BATS_TEST_TMPDIR}/api.after-first"
}

@test "reuses the id of a config that already exists and needs no password for it" {
  printf '%s adv-svc-public-api-console-dev\n' "$(id_of adv-svc-public-api-console-dev)" >"$STUB_STATE"
  unset HYPERDRIVE_CONSOLE_DEV_PASSWORD
  run "$SCRIPT" dev
  [ "$status" -eq 0 ]
  [ "$(grep -c 'hyperdrive create' "${STUB_LOG}/wrangler.log")" -eq 1 ]
  grep -q "id = \"$(id_of adv-svc-public-api-console-dev)\"" "${BATS_TEST_TMPDIR}/helper.toml"
}

@test "stops naming the missing variable when a password is not in the environment" {
  unset HYPERDRIVE_AGGREGATE_PRD_PASSWORD
  run "$SCRIPT" prd
  [ "$status" -ne 0 ]
  [[ "$output" == *"HYPERDRIVE_AGGREGATE_PRD_PASSWORD is not set"* ]]
}

@test "never prints a password or an Access secret" {
  run "$SCRIPT"
  [ "$status" -eq 0 ]
  [[ "$output" != *"s3cr3t"* ]]
  [[ "$output" != *"accesssecret"* ]]
}

@test "dry run lists what it would create and touches neither Cloudflare nor the files" {
  run "$SCRIPT" --dry-run
  [ "$status" -eq 0 ]
  [[ "$output" == *"would create adv-svc-public-api-aggregate-prd -> aurora-aggregate-prd.internal.adventive.com/aggregate_ro"* ]]
  [ "$(grep -c 'hyperdrive create' "${STUB_LOG}/wrangler.log")" -eq 0 ]
  cmp "${ROOT}/wrangler.toml" "${BATS_TEST_TMPDIR}/api.toml"
}

@test "fails with a hint when wrangler cannot list configs" {
  export STUB_LIST_FAILS=1
  run "$SCRIPT"
  [ "$status" -ne 0 ]
  [[ "$output" == *"wrangler hyperdrive list failed"* ]]
}
