#!/usr/bin/env bash
# Post-deploy smoke probes for the public API Worker (plan phase 7).
#
#   SMOKE_INTEGRATION_KEY=… SMOKE_API_KEY=… scripts/smoke.sh https://api.adventivestg.com
#
# Probes (the plan's required set):
#   GET /__health                      → 200
#   GET /credentialscheck (valid)      → 200, body exactly {"status":true}
#   GET /credentialscheck (wrong key)  → 401
#   GET /advertisers (valid)           → 200, a JSON list with at least one row
#
# Optional environment:
#   SMOKE_TIMEOUT            seconds per request (default 10): a hang is a failure
#   SMOKE_VERSION_OVERRIDE   value of Cloudflare-Workers-Version-Overrides, e.g.
#                            adv-svc-public-api-prd="<version id>", so a canary
#                            version is probed even while it only gets 10 % of traffic
#
# Prints one PASS/FAIL line per probe and exits 1 if any probe failed,
# 2 on a usage error. Credentials never appear in the output.
set -euo pipefail

usage() {
  echo "usage: SMOKE_INTEGRATION_KEY=… SMOKE_API_KEY=… $0 <base-url>" >&2
  exit 2
}

[ "$#" -eq 1 ] || usage
BASE_URL="${1%/}"
case "$BASE_URL" in
  http://* | https://*) ;;
  *) echo "smoke: base URL must start with http:// or https:// (got '$BASE_URL')" >&2; exit 2 ;;
esac
: "${SMOKE_INTEGRATION_KEY:?smoke: set SMOKE_INTEGRATION_KEY}"
: "${SMOKE_API_KEY:?smoke: set SMOKE_API_KEY}"
TIMEOUT="${SMOKE_TIMEOUT:-10}"

BODY_FILE="$(mktemp)"
trap 'rm -f "$BODY_FILE"' EXIT

passed=0
failed=0

# request PATH [curl args…] → sets STATUS (000 when the request did not complete)
# and leaves the body in $BODY_FILE.
request() {
  local path="$1"
  shift
  local extra=()
  if [ -n "${SMOKE_VERSION_OVERRIDE:-}" ]; then
    extra+=(-H "Cloudflare-Workers-Version-Overrides: ${SMOKE_VERSION_OVERRIDE}")
  fi
  : >"$BODY_FILE"
  STATUS="$(curl -sS -o "$BODY_FILE" -w '%{http_code}' --max-time "$TIMEOUT" \
    ${extra[@]+"${extra[@]}"} "$@" "$BASE_URL$path" 2>/dev/null)" || STATUS="${STATUS:-000}"
  [ -n "$STATUS" ] || STATUS=000
}

with_credentials() {
  request "$1" -H "X-Integration-Key: $SMOKE_INTEGRATION_KEY" -H "X-Api-Key: $2"
}

report() {
  local ok="$1" name="$2" detail="$3"
  if [ "$ok" = yes ]; then
    passed=$((passed + 1))
    printf 'PASS  %s\n' "$name"
  else
    failed=$((failed + 1))
    printf 'FAIL  %s: %s\n' "$name" "$detail"
  fi
}

body_excerpt() {
  head -c 200 "$BODY_FILE" | tr -d '\r' | tr '\n' ' '
}

# 1. /__health → 200
request /__health
if [ "$STATUS" = 200 ]; then report yes "GET /__health → 200" ""
else report no "GET /__health → 200" "got $STATUS $(body_excerpt)"; fi

# 2. /credentialscheck with the real credentials → {"status":true}
with_credentials /credentialscheck "$SMOKE_API_KEY"
if [ "$STATUS" = 200 ] && [ "$(cat "$BODY_FILE")" = '{"status":true}' ]; then
  report yes 'GET /credentialscheck (valid) → {"status":true}' ""
else
  report no 'GET /credentialscheck (valid) → {"status":true}' "got $STATUS $(body_excerpt)"
fi

# 3. /credentialscheck with a wrong API key → 401
with_credentials /credentialscheck "smoke-invalid-${RANDOM}"
if [ "$STATUS" = 401 ]; then report yes "GET /credentialscheck (invalid) → 401" ""
else report no "GET /credentialscheck (invalid) → 401" "got $STATUS $(body_excerpt)"; fi

# 4. /advertisers → 200 with at least one row (a JSON list whose first item is an advertiser)
with_credentials /advertisers "$SMOKE_API_KEY"
if [ "$STATUS" = 200 ] && grep -q '^\[{"advertiser_id":' "$BODY_FILE"; then
  report yes "GET /advertisers (valid) → 200 with rows" ""
else
  report no "GET /advertisers (valid) → 200 with rows" "got $STATUS $(body_excerpt)"
fi

total=$((passed + failed))
if [ "$failed" -eq 0 ]; then
  echo "smoke OK — all $total probes passed against $BASE_URL"
  exit 0
fi
echo "smoke FAILED — $failed of $total probes failed against $BASE_URL"
exit 1
