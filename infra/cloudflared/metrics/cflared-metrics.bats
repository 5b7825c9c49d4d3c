#!/usr/bin/env bats
# Behaviour of cflared-metrics.sh against stubbed IMDSv2 and cloudflared's metrics endpoint (curl,
# ../lib/test-stubs), CloudWatch (aws) and systemd (systemctl).
# Run: bats infra/cloudflared/metrics/cflared-metrics.bats

# 2026-11-27T10:15:42Z: 42 s into a minute.
NOW=1795774542
MINUTE=2026-11-27T10:15:00Z

setup() {
  SCRIPT="${BATS_TEST_DIRNAME}/cflared-metrics.sh"
  export STUB_LOG="${BATS_TEST_TMPDIR}/log"
  mkdir -p "$STUB_LOG"
  export PATH="${BATS_TEST_DIRNAME}/test-stubs:${BATS_TEST_DIRNAME}/../lib/test-stubs:${PATH}"
  export STUB_TOKEN=tok-AQAEAL-5678 STUB_ENV=prd STUB_REGION=us-east-1 STUB_INSTANCE_ID=i-0abc1234def567890
  export STUB_NRESTARTS=0
  export STUB_METRICS_FILE="${BATS_TEST_TMPDIR}/metrics.txt"
  export CFLARED_METRICS_STATE_DIR="${BATS_TEST_TMPDIR}/state"
  export CFLARED_METRICS_NOW="$NOW"
  serve_ha_connections 4
}

# serve_ha_connections <value>: what cloudflared's /metrics says (a trimmed real exposition).
serve_ha_connections() {
  cat >"$STUB_METRICS_FILE" <<METRICS
# HELP cloudflared_tunnel_ha_connections Number of active ha connections
# TYPE cloudflared_tunnel_ha_connections gauge
cloudflared_tunnel_ha_connections $1
# HELP cloudflared_tunnel_total_requests Amount of requests proxied through all the tunnels
# TYPE cloudflared_tunnel_total_requests counter
cloudflared_tunnel_total_requests 17
METRICS
}

# sent <metric> <Env|Env,InstanceId>: the Value published for that metric and dimension set.
sent() {
  jq -r --arg m "$1" --arg d "$2" \
    '.[] | select(.MetricName == $m and ([.Dimensions[].Name] | join(",")) == $d) | .Value' \
    "${STUB_LOG}/metric-data.json"
}

# publishes_connected <0|1>: one successful run that reports this replica as (dis)connected.
publishes_connected() {
  run "$SCRIPT"
  [ "$status" -eq 0 ]
  [ "$(sent cflared_replica_count_per_tunnel Env)" = "$1" ]
  [ "$(sent cflared_replica_count_per_tunnel Env,InstanceId)" = "$1" ]
}

@test "publishes one connected replica and its restart count into Adventive/Cloudflared in the instance's region" {
  run "$SCRIPT"
  [ "$status" -eq 0 ]
  [ "$(wc -l <"${STUB_LOG}/aws.log")" -eq 1 ]
  grep -q -- "^cloudwatch put-metric-data --region us-east-1 --namespace Adventive/Cloudflared --metric-data " "${STUB_LOG}/aws.log"
  [ "$(sent cflared_replica_count_per_tunnel Env)" = 1 ]
  [ "$(sent cflared_replica_count_per_tunnel Env,InstanceId)" = 1 ]
  [ "$(sent cflared_systemd_restart_count Env)" = 0 ]
  [ "$(sent cflared_systemd_restart_count Env,InstanceId)" = 0 ]
}

@test "labels every datum with the env tag and the instance id, as a Count at the start of the minute" {
  run "$SCRIPT"
  [ "$status" -eq 0 ]
  [ "$(jq length "${STUB_LOG}/metric-data.json")" -eq 4 ]
  [ "$(jq -r '[.[].Dimensions[] | select(.Name == "Env") | .Value] | unique | join(",")' "${STUB_LOG}/metric-data.json")" = prd ]
  [ "$(jq -r '[.[].Dimensions[] | select(.Name == "InstanceId") | .Value] | join(",")' "${STUB_LOG}/metric-data.json")" = "i-0abc1234def567890,i-0abc1234def567890" ]
  [ "$(jq -r '[.[] | .Unit + " " + .Timestamp] | unique | join(",")' "${STUB_LOG}/metric-data.json")" = "Count ${MINUTE}" ]
}

@test "asks IMDSv2 for a session token and sends it with every metadata read" {
  run "$SCRIPT"
  [ "$status" -eq 0 ]
  grep -q -- "-X PUT http://169.254.169.254/latest/api/token" "${STUB_LOG}/curl.log"
  [ "$(grep -c 'latest/meta-data/' "${STUB_LOG}/curl.log")" -eq 3 ]
  [ "$(grep 'latest/meta-data/' "${STUB_LOG}/curl.log" | grep -c "X-aws-ec2-metadata-token: ${STUB_TOKEN}")" -eq 3 ]
}

@test "publishes 0 connected replicas when the cloudflared metrics endpoint does not answer" {
  rm "$STUB_METRICS_FILE"
  publishes_connected 0
  [[ "$output" == *"no cloudflared_tunnel_ha_connections from http://127.0.0.1:2000/metrics: publishing 0 connections"* ]]
}

@test "publishes 0 connected replicas when cloudflared has no edge connection or no ha_connections gauge" {
  serve_ha_connections 0
  publishes_connected 0
  printf 'cloudflared_tunnel_total_requests 3\n' >"$STUB_METRICS_FILE"
  publishes_connected 0
}

@test "counts a replica with a single edge connection as connected" {
  serve_ha_connections 1
  publishes_connected 1
  [[ "$output" == *"ha_connections=1 connected=1"* ]]
}

@test "reports the automatic restarts of the last hour, not the counter since boot" {
  export STUB_NRESTARTS=2
  run "$SCRIPT"
  [ "$(sent cflared_systemd_restart_count Env)" = 2 ]
  export STUB_NRESTARTS=4 CFLARED_METRICS_NOW=$((NOW + 60))
  run "$SCRIPT"
  [ "$(sent cflared_systemd_restart_count Env)" = 4 ]
  export STUB_NRESTARTS=5 CFLARED_METRICS_NOW=$((NOW + 3630))
  run "$SCRIPT"
  [ "$status" -eq 0 ]
  # The 2 restarts seen at NOW are more than an hour old; 2 + 1 remain.
  [ "$(sent cflared_systemd_restart_count Env)" = 3 ]
  [ "$(sent cflared_systemd_restart_count Env,InstanceId)" = 3 ]
}

@test "counts restarts after a counter reset (manual restart or reboot) as new ones" {
  export STUB_NRESTARTS=3
  run "$SCRIPT"
  export STUB_NRESTARTS=1 CFLARED_METRICS_NOW=$((NOW + 60))
  run "$SCRIPT"
  [ "$status" -eq 0 ]
  [ "$(sent cflared_systemd_restart_count Env)" = 4 ]
  export STUB_NRESTARTS=1 CFLARED_METRICS_NOW=$((NOW + 120))
  run "$SCRIPT"
  [ "$(sent cflared_systemd_restart_count Env)" = 4 ]
}

@test "still publishes the replica count, and fails, when systemd's restart counter cannot be read" {
  export STUB_SYSTEMCTL_FAILS=1
  run "$SCRIPT"
  [ "$status" -ne 0 ]
  [[ "$output" == *"could not read NRestarts of cloudflared.service: restart count not published"* ]]
  [ "$(sent cflared_replica_count_per_tunnel Env)" = 1 ]
  [ -z "$(sent cflared_systemd_restart_count Env)" ]
}

@test "fails loudly when CloudWatch refuses the data" {
  export STUB_AWS_FAILS=1
  run "$SCRIPT"
  [ "$status" -ne 0 ]
  [[ "$output" == *"FATAL: put-metric-data to Adventive/Cloudflared in us-east-1 failed"* ]]
}

@test "publishes nothing for an instance without a valid adv:env tag or without IMDSv2" {
  export STUB_ENV=production
  run "$SCRIPT"
  [ "$status" -ne 0 ]
  [[ "$output" == *"adv:env is 'production', expected one of dev, stg, prd"* ]]
  export STUB_ENV=prd STUB_IMDS_V1_ONLY=1
  run "$SCRIPT"
  [ "$status" -ne 0 ]
  [[ "$output" == *"could not get an IMDSv2 session token"* ]]
  [ ! -e "${STUB_LOG}/aws.log" ]
}

@test "never prints the IMDSv2 session token, on success or on failure" {
  run "$SCRIPT"
  [ "$status" -eq 0 ]
  [[ "$output" != *"$STUB_TOKEN"* ]]
  export STUB_AWS_FAILS=1 STUB_SYSTEMCTL_FAILS=1
  rm "$STUB_METRICS_FILE"
  run "$SCRIPT"
  [ "$status" -ne 0 ]
  [[ "$output" != *"$STUB_TOKEN"* ]]
  if grep -q -- "$STUB_TOKEN" "${STUB_LOG}/aws.log"; then false; fi
}
