#!/usr/bin/env bats
# Behaviour of cflared-bootstrap.sh against stubbed IMDSv2 (curl, ../lib/test-stubs), Secrets Manager (aws) and a
# recording jq wrapper. Run: bats infra/cloudflared/bootstrap/cflared-bootstrap.bats

TUNNEL_ID=6ff42ae2-765d-4adf-8112-31c55c1551ef
OTHER_TUNNEL=0c7e2a52-6b8f-4c33-9d55-5b3a4b8d2f10
MARKER=TunnelSecretMarker-9f3b2c7d1e

setup() {
  SCRIPT="${BATS_TEST_DIRNAME}/cflared-bootstrap.sh"
  REAL_JQ="$(command -v jq)" || { echo "jq must be installed to run these tests" >&2; return 1; }
  export REAL_JQ
  export STUB_LOG="${BATS_TEST_TMPDIR}/log"
  mkdir -p "$STUB_LOG"
  export PATH="${BATS_TEST_DIRNAME}/test-stubs:${BATS_TEST_DIRNAME}/../lib/test-stubs:${PATH}"
  export STUB_TOKEN=tok-AQAEAL-1234 STUB_ENV=stg STUB_REGION=us-east-1
  export STUB_SECRET_ID=/adventive/cloudflared/stg
  export STUB_SECRET_FILE="${BATS_TEST_TMPDIR}/secret.json"
  export CFLARED_CONFIG_DIR="${BATS_TEST_TMPDIR}/etc/cloudflared"
  write_secret "$TUNNEL_ID" object
}

# write_secret <tunnel id named in config.yml> <object|string: how credentials_json is stored>
write_secret() {
  local creds="{\"AccountTag\":\"acc\",\"TunnelSecret\":\"${MARKER}\",\"TunnelID\":\"${TUNNEL_ID}\"}"
  "$REAL_JQ" -n --arg cfg "tunnel: $1
credentials-file: /etc/cloudflared/${TUNNEL_ID}.json
metrics: 127.0.0.1:2000
ingress:
  - hostname: aurora-console-stg.internal.adventive.com
    service: tcp://console.stg.example:3306
  - service: http_status:404" --argjson creds "$creds" --arg mode "$2" \
    '{config_yaml: $cfg, credentials_json: (if $mode == "string" then ($creds | tojson) else $creds end)}' \
    >"$STUB_SECRET_FILE"
}

@test "installs config.yml and <TunnelID>.json readable only by root (0600) in a 0700 directory" {
  run "$SCRIPT"
  [ "$status" -eq 0 ]
  [ "$(stat -c %a "${CFLARED_CONFIG_DIR}/config.yml")" = 600 ]
  [ "$(stat -c %a "${CFLARED_CONFIG_DIR}/${TUNNEL_ID}.json")" = 600 ]
  [ "$(stat -c %a "$CFLARED_CONFIG_DIR")" = 700 ]
  grep -qx "tunnel: ${TUNNEL_ID}" "${CFLARED_CONFIG_DIR}/config.yml"
  grep -qx '  - service: http_status:404' "${CFLARED_CONFIG_DIR}/config.yml"
  [ "$("$REAL_JQ" -r .TunnelSecret "${CFLARED_CONFIG_DIR}/${TUNNEL_ID}.json")" = "$MARKER" ]
  [ "$(find "$CFLARED_CONFIG_DIR" -name '.*' -type f | wc -l)" -eq 0 ]
}

@test "creates the config directory when the AMI does not have it yet" {
  [ ! -e "$CFLARED_CONFIG_DIR" ]
  run "$SCRIPT"
  [ "$status" -eq 0 ]
  [ -f "${CFLARED_CONFIG_DIR}/config.yml" ]
}

@test "asks IMDSv2 for a session token and sends it with every metadata read" {
  run "$SCRIPT"
  [ "$status" -eq 0 ]
  grep -q -- "-X PUT http://169.254.169.254/latest/api/token" "${STUB_LOG}/curl.log"
  local reads
  reads="$(grep -c 'latest/meta-data/' "${STUB_LOG}/curl.log")"
  [ "$reads" -eq 2 ]
  [ "$(grep 'latest/meta-data/' "${STUB_LOG}/curl.log" | grep -c "X-aws-ec2-metadata-token: ${STUB_TOKEN}")" -eq "$reads" ]
}

@test "fails with a clear message when the metadata service only speaks IMDSv1" {
  export STUB_IMDS_V1_ONLY=1
  run "$SCRIPT"
  [ "$status" -ne 0 ]
  [[ "$output" == *"could not get an IMDSv2 session token"* ]]
  [ ! -e "${CFLARED_CONFIG_DIR}/config.yml" ]
}

@test "fetches the env's secret from the tag's env and region in a single call" {
  run "$SCRIPT"
  [ "$status" -eq 0 ]
  [ "$(wc -l <"${STUB_LOG}/aws.log")" -eq 1 ]
  grep -q -- "--region us-east-1 --secret-id /adventive/cloudflared/stg --query SecretString --output text" "${STUB_LOG}/aws.log"
}

@test "reads the tunnel id from the credentials JSON, never by running jq on config.yml" {
  run "$SCRIPT"
  [ "$status" -eq 0 ]
  if grep -q 'config.yml' "${STUB_LOG}/jq.log"; then false; fi
  grep -q 'TunnelID' "${STUB_LOG}/jq.log"
}

@test "accepts credentials_json stored as a JSON string" {
  write_secret "$TUNNEL_ID" string
  run "$SCRIPT"
  [ "$status" -eq 0 ]
  [ "$("$REAL_JQ" -r .TunnelID "${CFLARED_CONFIG_DIR}/${TUNNEL_ID}.json")" = "$TUNNEL_ID" ]
}

@test "fails loudly and writes nothing when the env's secret is missing" {
  export STUB_SECRET_ID=/adventive/cloudflared/prd
  run "$SCRIPT"
  [ "$status" -ne 0 ]
  [[ "$output" == *"FATAL: could not read secret /adventive/cloudflared/stg"* ]]
  [ ! -e "${CFLARED_CONFIG_DIR}/config.yml" ]
}

@test "refuses an adv:env tag that is not dev, stg or prd" {
  export STUB_ENV=production
  run "$SCRIPT"
  [ "$status" -ne 0 ]
  [[ "$output" == *"adv:env is 'production', expected one of dev, stg, prd"* ]]
  [ ! -s "${STUB_LOG}/aws.log" ]
}

@test "refuses a config.yml that names another tunnel than the credentials" {
  write_secret "$OTHER_TUNNEL" object
  run "$SCRIPT"
  [ "$status" -ne 0 ]
  [[ "$output" == *"names tunnel '${OTHER_TUNNEL}' but credentials_json is for tunnel '${TUNNEL_ID}'"* ]]
  [ ! -e "${CFLARED_CONFIG_DIR}/${TUNNEL_ID}.json" ]
}

@test "refuses a secret without config_yaml" {
  printf '{"credentials_json":{"TunnelID":"%s"}}' "$TUNNEL_ID" >"$STUB_SECRET_FILE"
  run "$SCRIPT"
  [ "$status" -ne 0 ]
  [[ "$output" == *"not JSON with a string field config_yaml"* ]]
}

@test "never prints the secret on stdout or stderr, on success or on failure" {
  run "$SCRIPT"
  [ "$status" -eq 0 ]
  [[ "$output" != *"$MARKER"* ]]
  [[ "$output" != *"ingress"* ]]
  write_secret "$OTHER_TUNNEL" object
  run "$SCRIPT"
  [ "$status" -ne 0 ]
  [[ "$output" != *"$MARKER"* ]]
  printf 'not json %s' "$MARKER" >"$STUB_SECRET_FILE"
  run "$SCRIPT"
  [ "$status" -ne 0 ]
  [[ "$output" != *"$MARKER"* ]]
}
