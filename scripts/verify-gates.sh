#!/usr/bin/env bash
# verify-gates.sh <phase> — the plan's verification gates that a workstation can check, one
# PASS/FAIL line per gate; exits non-zero when any gate fails.
#
#   1        tunnel infrastructure: pipeline exists, AMI pointer resolves to an available AMI,
#            adv-cflared-{dev,stg,prd} ASGs have every desired instance InService and Healthy
#   2        Hyperdrive: six configs listed, no Hyperdrive placeholders left in the wrangler.toml files,
#            `wrangler deploy --dry-run --env dev` passes
#   cutover  public health endpoints answer 200 in every env, DNS TTL of each API hostname <= 300
#
# Needs, per phase: aws (1), wrangler via npx (2), curl and dig (cutover). Overridable for tests:
# AWS, WRANGLER, CURL, DIG (commands), GATES_TOML_FILES (space-separated).
set -uo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
read -r -a AWS_CMD <<<"${AWS:-aws}"
read -r -a WRANGLER_CMD <<<"${WRANGLER:-npx wrangler}"
read -r -a CURL_CMD <<<"${CURL:-curl}"
read -r -a DIG_CMD <<<"${DIG:-dig}"
read -r -a TOML_FILES <<<"${GATES_TOML_FILES:-${repo_root}/wrangler.toml ${repo_root}/services/auth-helper/wrangler.toml}"
ENVS=(dev stg prd)
declare -A API_HOST=([dev]=api.adventive.dev [stg]=api.adventivestg.com [prd]=api.adventive.com)

passed=0 failed=0
# gate <description> <command...>: runs the check, prints PASS/FAIL with the check's own one-line reason.
gate() {
  local name="$1" out
  shift
  if out="$("$@" 2>&1)"; then
    passed=$((passed + 1))
    printf 'PASS  %s%s\n' "$name" "${out:+ — ${out##*$'\n'}}"
  else
    failed=$((failed + 1))
    printf 'FAIL  %s%s\n' "$name" "${out:+ — ${out##*$'\n'}}"
  fi
}

# Phase 1 ----------------------------------------------------------------------
pipeline_exists() {
  local names
  names="$("${AWS_CMD[@]}" imagebuilder list-image-pipelines --query 'imagePipelineList[].name' --output text)" || return 1
  grep -qw 'adv-cflared-pipeline' <<<"$names" || { echo "pipelines: ${names:-none}"; return 1; }
}

ami_pointer_resolves() {
  local ami state
  ami="$("${AWS_CMD[@]}" ssm get-parameter --name /adventive/cloudflared/ami-id-latest --query Parameter.Value --output text)" || return 1
  state="$("${AWS_CMD[@]}" ec2 describe-images --image-ids "$ami" --query 'Images[0].State' --output text)" || return 1
  echo "$ami is $state"
  [ "$state" = available ]
}

asg_healthy() {
  local counts desired healthy
  counts="$("${AWS_CMD[@]}" autoscaling describe-auto-scaling-groups --auto-scaling-group-names "adv-cflared-$1" \
    --query "AutoScalingGroups[0].[DesiredCapacity, length(Instances[?LifecycleState=='InService' && HealthStatus=='Healthy'])]" \
    --output text)" || return 1
  read -r desired healthy <<<"$counts"
  echo "${healthy:-0}/${desired:-?} healthy"
  [ -n "${desired:-}" ] && [ "$desired" != None ] && [ "${healthy:-0}" = "$desired" ]
}

# Phase 2 ----------------------------------------------------------------------
six_hyperdrive_configs() {
  local listing missing=() env cluster
  listing="$("${WRANGLER_CMD[@]}" hyperdrive list)" || return 1
  for env in "${ENVS[@]}"; do
    for cluster in console aggregate; do
      grep -Eq "│ *[0-9a-f]{32} *│ *adv-svc-public-api-${cluster}-${env} *│" <<<"$listing" || missing+=("adv-svc-public-api-${cluster}-${env}")
    done
  done
  [ "${#missing[@]}" -eq 0 ] && echo "6 configs" && return 0
  echo "missing: ${missing[*]}"
  return 1
}

no_placeholders() {
  local left
  left="$(grep -Eo 'REPLACE_WITH_(CONSOLE|AGGREGATE)_[A-Z]+_ID' "${TOML_FILES[@]}" | sort -u | tr '\n' ' ')"
  [ -z "$left" ] || { echo "still there: $left"; return 1; }
}

dry_run_dev() {
  (cd "$repo_root" && "${WRANGLER_CMD[@]}" deploy --dry-run --env dev --outdir "$(mktemp -d)") >/dev/null || { echo "wrangler deploy --dry-run --env dev failed"; return 1; }
}

# Cutover ----------------------------------------------------------------------
health_answers() {
  local code
  code="$("${CURL_CMD[@]}" -s -o /dev/null -w '%{http_code}' --max-time 10 "https://${API_HOST[$1]}/__health")"
  echo "HTTP ${code:-none}"
  [ "$code" = 200 ]
}

dns_ttl_low() {
  local ttl
  ttl="$("${DIG_CMD[@]}" +noall +answer "${API_HOST[$1]}" | awk 'NR == 1 { print $2 }')"
  echo "TTL ${ttl:-none}"
  [ -n "$ttl" ] && [ "$ttl" -le 300 ]
}

case "${1:-}" in
  1)
    gate "Image Builder pipeline adv-cflared-pipeline exists" pipeline_exists
    gate "/adventive/cloudflared/ami-id-latest resolves to an available AMI" ami_pointer_resolves
    for env in "${ENVS[@]}"; do gate "ASG adv-cflared-${env}: healthy == desired" asg_healthy "$env"; done
    ;;
  2)
    gate "wrangler hyperdrive list shows the six configs" six_hyperdrive_configs
    gate "wrangler.toml files hold no Hyperdrive placeholders" no_placeholders
    gate "wrangler deploy --dry-run --env dev passes" dry_run_dev
    ;;
  cutover)
    for env in "${ENVS[@]}"; do gate "https://${API_HOST[$env]}/__health answers 200" health_answers "$env"; done
    for env in "${ENVS[@]}"; do gate "DNS TTL of ${API_HOST[$env]} <= 300" dns_ttl_low "$env"; done
    ;;
  *)
    echo "usage: $0 <1|2|cutover>" >&2
    exit 2
    ;;
esac

echo "gates: ${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
