# shellcheck shell=bash
# cflared-imds.sh — sourced (not run) by cflared-bootstrap.sh and cflared-metrics.sh. The AMI keeps
# the repo's relative layout (/usr/local/sbin/*.sh next to /usr/local/lib/cflared-imds.sh), so both
# scripts find it as ../lib/cflared-imds.sh from their own directory.
#
# Instance metadata over IMDSv2: the launch template requires session tokens, so imds_session must
# succeed before imds_get, which sends the token with every read.

IMDS="${CFLARED_IMDS_ENDPOINT:-http://169.254.169.254}"
IMDS_TOKEN=''

imds_session() {
  IMDS_TOKEN="$(curl -fsS --retry 3 --retry-connrefused --max-time 5 -X PUT "${IMDS}/latest/api/token" \
    -H 'X-aws-ec2-metadata-token-ttl-seconds: 300')" || return 1
  [ -n "$IMDS_TOKEN" ]
}

# imds_get <meta-data path>: prints the value; fails on an HTTP error or an empty value.
imds_get() {
  local value
  value="$(curl -fsS --retry 3 --retry-connrefused --max-time 5 \
    -H "X-aws-ec2-metadata-token: ${IMDS_TOKEN}" "${IMDS}/latest/meta-data/$1")" || return 1
  [ -n "$value" ] || return 1
  printf '%s' "$value"
}

# The adv:env instance tag names the tunnel, its secret and the metrics' Env dimension.
is_adv_env() {
  case "$1" in
    dev | stg | prd) return 0 ;;
    *) return 1 ;;
  esac
}
