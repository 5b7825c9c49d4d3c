#!/usr/bin/env bash
# cflared-metrics.sh — baked into the cloudflared AMI at /usr/local/sbin, run every minute by
# cflared-metrics.timer. Publishes this replica's share of the two alarmed metrics into the
# Adventive/Cloudflared namespace (see decisions/2026-11-27-infra-plan-deviations.md §12):
#
#   cflared_replica_count_per_tunnel  1 if cloudflared holds at least one edge connection
#                                     (cloudflared_tunnel_ha_connections > 0), else 0. The alarm sums
#                                     the Env series per minute: the number of connected replicas.
#   cflared_systemd_restart_count     automatic restarts of cloudflared.service in the last hour
#                                     (from NRestarts). The alarm takes the Maximum of the Env series:
#                                     the worst replica.
#
# Each value goes out twice: with {Env} (what the alarms read) and with {Env, InstanceId} (to find
# the replica). A metrics endpoint that does not answer counts as 0 connections, never as silence.
set -euo pipefail

readonly NAMESPACE="Adventive/Cloudflared"
readonly METRICS_URL="${CFLARED_METRICS_URL:-http://127.0.0.1:2000/metrics}"
readonly STATE_DIR="${CFLARED_METRICS_STATE_DIR:-/var/lib/cflared-metrics}"
readonly WINDOW_SECONDS=3600

# shellcheck source=../lib/cflared-imds.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/cflared-imds.sh"

log() { printf 'cflared-metrics: %s\n' "$*" >&2; }
die() {
  log "FATAL: $*"
  exit 1
}

for tool in curl aws systemctl awk; do
  command -v "$tool" >/dev/null 2>&1 || die "required tool '$tool' is not installed in this AMI"
done

# Sum of cloudflared_tunnel_ha_connections on the local metrics endpoint; fails when the endpoint
# does not answer or does not carry the gauge (cloudflared still starting, or not running).
ha_connections() {
  local body
  body="$(curl -fsS --max-time 5 "$METRICS_URL")" || return 1
  awk '$1 ~ /^cloudflared_tunnel_ha_connections(\{.*\})?$/ { sum += $2; found = 1 }
       END { if (!found) exit 1; printf "%d\n", sum }' <<<"$body"
}

# restarts_last_hour <now> <NRestarts>: NRestarts counts since boot or the last manual (re)start, so
# each run logs the increase since the previous run ("<epoch> <NRestarts> <increase>" lines) and
# sums the increases of the last hour. A counter below the previous sample was reset: everything
# it counts is new.
restarts_last_hour() {
  local now="$1" current="$2" log_file="${STATE_DIR}/restarts.log" previous='' increase tmp
  mkdir -p "$STATE_DIR"
  [ -f "$log_file" ] && previous="$(awk 'END { print $2 }' "$log_file")"
  if [[ ! "$previous" =~ ^[0-9]+$ ]] || [ "$current" -lt "$previous" ]; then
    increase="$current"
  else
    increase=$((current - previous))
  fi
  tmp="$(mktemp "${STATE_DIR}/.restarts.XXXXXX")"
  {
    [ -f "$log_file" ] && awk -v since=$((now - WINDOW_SECONDS)) '$1 > since' "$log_file"
    printf '%s %s %s\n' "$now" "$current" "$increase"
  } >"$tmp"
  mv -f "$tmp" "$log_file"
  awk -v since=$((now - WINDOW_SECONDS)) '$1 > since { sum += $3 } END { printf "%d\n", sum }' "$log_file"
}

# datum <metric> <value> <with instance: 0|1>
datum() {
  local dims="{\"Name\":\"Env\",\"Value\":\"${ENV}\"}"
  [ "$3" = 1 ] && dims="${dims},{\"Name\":\"InstanceId\",\"Value\":\"${INSTANCE_ID}\"}"
  printf '{"MetricName":"%s","Dimensions":[%s],"Timestamp":"%s","Value":%s,"Unit":"Count"}' \
    "$1" "$dims" "$TIMESTAMP" "$2"
}

imds_session || die "could not get an IMDSv2 session token from ${IMDS}"
ENV="$(imds_get 'tags/instance/adv:env')" || die "could not read the instance tag adv:env"
is_adv_env "$ENV" || die "instance tag adv:env is '${ENV}', expected one of dev, stg, prd"
REGION="$(imds_get 'placement/region')" || die "could not read the region from instance metadata"
[[ "$REGION" =~ ^[a-z0-9-]+$ ]] || die "instance metadata returned an invalid region '${REGION}'"
INSTANCE_ID="$(imds_get 'instance-id')" || die "could not read the instance id from instance metadata"
[[ "$INSTANCE_ID" =~ ^i-[0-9a-f]{8,17}$ ]] || die "instance metadata returned an invalid instance id '${INSTANCE_ID}'"

NOW="${CFLARED_METRICS_NOW:-$(date +%s)}"
# Stamped at the start of the minute, so every run lands in its own 60 s bucket of the per-minute
# Sum even when the timer fires a few seconds late.
TIMESTAMP="$(date -u -d "@$((NOW - NOW % 60))" +%Y-%m-%dT%H:%M:%SZ)"

if ! CONNECTIONS="$(ha_connections)"; then
  log "no cloudflared_tunnel_ha_connections from ${METRICS_URL}: publishing 0 connections"
  CONNECTIONS=0
fi
CONNECTED=0
[ "$CONNECTIONS" -gt 0 ] && CONNECTED=1

data="$(datum cflared_replica_count_per_tunnel "$CONNECTED" 0),$(datum cflared_replica_count_per_tunnel "$CONNECTED" 1)"
status=0
NRESTARTS="$(systemctl show cloudflared.service -p NRestarts --value 2>/dev/null)" || NRESTARTS=''
if [[ "$NRESTARTS" =~ ^[0-9]+$ ]]; then
  RESTARTS="$(restarts_last_hour "$NOW" "$NRESTARTS")"
  data="${data},$(datum cflared_systemd_restart_count "$RESTARTS" 0),$(datum cflared_systemd_restart_count "$RESTARTS" 1)"
else
  # The replica count still goes out: it is the metric whose silence pages.
  log "could not read NRestarts of cloudflared.service: restart count not published"
  RESTARTS=unknown
  status=1
fi

aws cloudwatch put-metric-data --region "$REGION" --namespace "$NAMESPACE" --metric-data "[${data}]" ||
  die "put-metric-data to ${NAMESPACE} in ${REGION} failed"
log "env=${ENV} instance=${INSTANCE_ID} ha_connections=${CONNECTIONS} connected=${CONNECTED} restarts_last_hour=${RESTARTS}"
exit "$status"
