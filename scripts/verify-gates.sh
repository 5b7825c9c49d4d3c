#!/usr/bin/env bash
# verify-gates.sh <phase> — the plan's verification gates that a workstation can check, one
# PASS/FAIL line per gate; exits non-zero when any gate fails.
#
#   1        tunnel infrastructure: pipeline exists, AMI pointer resolves to an available AMI,
#            adv-cflared-{dev,stg,prd} ASGs have every desired instance InService and Healthy
#   2        Hyperdrive and deploy config: six configs listed, no REPLACE_WITH_ placeholder left in
#            either wrangler.toml (Hyperdrive and KV ids, AUTH_FAILURES namespaces, legacy and shadow
#            origins), each env's AUTH_FAILURES namespace_id an integer of its own, no env shadowing
#            to its LEGACY_ORIGIN, `wrangler deploy --dry-run --env dev` passes, and SELECT 1 through
#            each of the six configs from a throwaway Worker (scripts/gates/select-one, deployed per
#            env with a one-time token and deleted afterwards)
#   3        auth helper: its three KV namespaces exist, and per env (one gate Worker deployment
#            each): the helper's /__health answers 200 (through the gate Worker's service binding:
#            stg and prd have no workers.dev URL), and every key stored in the console database is
#            1–64 printable ASCII characters (the API's cheap rejection never refuses a real key)
#   cutover  public health endpoints answer 200 in every env, DNS TTL of each API hostname <= 300
#
# Needs, per phase: aws (1), wrangler via npx, Node and jq (2, 3), curl and dig (cutover). Phases 2
# and 3 deploy the gate Worker: wrangler must be logged in with Workers Scripts:Edit. Overridable
# for tests: AWS, WRANGLER, CURL, DIG, NODE (commands), GATES_TOML_FILES (space-separated; the first
# is the API's), GATE_RETRY_SECONDS (default 5).
set -uo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
read -r -a AWS_CMD <<<"${AWS:-aws}"
read -r -a WRANGLER_CMD <<<"${WRANGLER:-npx wrangler}"
read -r -a CURL_CMD <<<"${CURL:-curl}"
read -r -a DIG_CMD <<<"${DIG:-dig}"
read -r -a NODE_CMD <<<"${NODE:-bash ${repo_root}/scripts/with-node.sh node}"
GATE_RETRY_SECONDS="${GATE_RETRY_SECONDS:-5}"
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

# Any placeholder left (Hyperdrive ids from provision-hyperdrive.sh, KV ids from provision-kv.sh)
# would deploy a Worker bound to nothing.
no_placeholders() {
  local left
  left="$(grep -ho 'REPLACE_WITH_[A-Z0-9_]*' "${TOML_FILES[@]}" | sort -u | tr '\n' ' ')"
  [ -z "$left" ] || { echo "still there: ${left% }"; return 1; }
}

# deploy_config GATE — a wrangler.toml check of scripts/gates/deploy-config.ts on the API's file.
deploy_config() {
  "${NODE_CMD[@]}" "$repo_root/scripts/gates/deploy-config.ts" "$1" "${TOML_FILES[0]}"
}

dry_run_dev() {
  (cd "$repo_root" && "${WRANGLER_CMD[@]}" deploy --dry-run --env dev --outdir "$(mktemp -d)") >/dev/null || { echo "wrangler deploy --dry-run --env dev failed"; return 1; }
}

# gate_worker ENV PATH... — deploys the throwaway gate Worker for ENV with a one-time token, GETs
# each PATH (retrying while the new deployment propagates), deletes the Worker whatever happened,
# and prints the answers' bodies, one line each (each is one line of JSON).
gate_worker() {
  local env="$1" dir token out url body path tries
  shift
  dir="$(mktemp -d)"
  if ! out="$("${NODE_CMD[@]}" "$repo_root/scripts/gates/gate-config.ts" "$env" "$dir/wrangler.toml" "${TOML_FILES[0]}" 2>&1)"; then
    rm -rf "$dir"
    echo "${out##*$'\n'}"
    return 1
  fi
  token="$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
  if ! out="$(cd "$repo_root" && "${WRANGLER_CMD[@]}" deploy -c "$dir/wrangler.toml" --var "GATE_TOKEN:${token}" 2>&1)"; then
    (cd "$repo_root" && "${WRANGLER_CMD[@]}" delete -c "$dir/wrangler.toml" --force) >/dev/null 2>&1 || true
    rm -rf "$dir"
    echo "deploying the gate Worker failed: ${out##*$'\n'}"
    return 1
  fi
  url="$(grep -Eo 'https://[A-Za-z0-9.-]+\.workers\.dev' <<<"$out" | head -n 1)"
  for path in "$@"; do
    body=""
    for tries in 1 2 3 4 5; do
      [ -n "$url" ] || break
      body="$("${CURL_CMD[@]}" -sS --max-time 30 -H "X-Gate-Token: ${token}" "${url}${path}" 2>/dev/null)" || body=""
      jq -e 'type == "object" and (has("error") | not)' >/dev/null 2>&1 <<<"$body" && break
      [ "$tries" = 5 ] || sleep "$GATE_RETRY_SECONDS"
    done
    printf '%s\n' "${body//$'\n'/ }"
  done
  (cd "$repo_root" && "${WRANGLER_CMD[@]}" delete -c "$dir/wrangler.toml" --force) >/dev/null 2>&1 || echo "WARNING: delete the gate Worker by hand: wrangler delete adv-gate-select-one-${env}" >&2
  rm -rf "$dir"
  [ -n "$url" ] || { echo "the gate Worker's workers.dev URL was not in wrangler's output"; return 1; }
}

select_one() {
  local body
  body="$(gate_worker "$1" /select-one)" || { echo "$body"; return 1; }
  jq -r '"console \(.console.error // "\(.console.ms) ms"), aggregate \(.aggregate.error // "\(.aggregate.ms) ms")"' <<<"$body" 2>/dev/null || echo "no answer: ${body:-none}"
  jq -e '.console.ok == true and .aggregate.ok == true' >/dev/null 2>&1 <<<"$body"
}

# Phase 3 ----------------------------------------------------------------------
three_kv_namespaces() {
  local listing missing=() env title
  listing="$("${WRANGLER_CMD[@]}" kv namespace list 2>/dev/null)" || { echo "wrangler kv namespace list failed"; return 1; }
  for env in "${ENVS[@]}"; do
    title="kv-adv-svc-auth-helper-cache-${env}"
    jq -e --arg t "$title" 'any(.[]; .title == $t)' >/dev/null 2>&1 <<<"$listing" || missing+=("$title")
  done
  [ "${#missing[@]}" -eq 0 ] && echo "3 namespaces" && return 0
  echo "missing: ${missing[*]}"
  return 1
}

# The gates below judge one answer of the gate Worker (or, when it could not be asked, the reason).
helper_health() {
  jq -r '"HTTP \(.status) \(.body // .error // "")"' <<<"$1" 2>/dev/null || echo "no answer: ${1:-none}"
  jq -e '.status == 200' >/dev/null 2>&1 <<<"$1"
}

stored_keys_pass() {
  jq -r 'if .reason then .reason
    elif .ok then "\(.keys) stored credentials, none refused"
    else "\(.refused) of \(.keys) stored credentials would be refused unread: api.id \(.ids | map(tostring) | join(", "))" end' <<<"$1" 2>/dev/null || echo "no answer: ${1:-none}"
  jq -e '.ok == true' >/dev/null 2>&1 <<<"$1"
}

# not_asked REASON — a gate whose question could not be put to the gate Worker.
not_asked() {
  echo "$1"
  return 1
}

# auth_data_gates ENV — one gate Worker deployment for the env's two phase-3 gates.
auth_data_gates() {
  local env="$1" answers
  local health="adv-svc-auth-helper-${env} /__health answers 200"
  local keys="stored keys of the ${env} console database are 1-64 printable ASCII (the API refuses others unread)"
  if answers="$(gate_worker "$env" /helper-health /stored-keys)"; then
    gate "$health" helper_health "$(sed -n 1p <<<"$answers")"
    gate "$keys" stored_keys_pass "$(sed -n 2p <<<"$answers")"
  else
    gate "$health" not_asked "$answers"
    gate "$keys" not_asked "$answers"
  fi
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
    gate "wrangler.toml files hold no REPLACE_WITH_ placeholder" no_placeholders
    gate "AUTH_FAILURES has an integer namespace_id of its own in dev, stg and prd" deploy_config auth-failures
    gate "no env sends shadow requests to its LEGACY_ORIGIN" deploy_config shadow-origin
    gate "wrangler deploy --dry-run --env dev passes" dry_run_dev
    for env in "${ENVS[@]}"; do gate "SELECT 1 through the ${env} Hyperdrive configs (console, aggregate)" select_one "$env"; done
    ;;
  3)
    gate "wrangler kv namespace list shows the auth helper's three namespaces" three_kv_namespaces
    for env in "${ENVS[@]}"; do auth_data_gates "$env"; done
    ;;
  cutover)
    for env in "${ENVS[@]}"; do gate "https://${API_HOST[$env]}/__health answers 200" health_answers "$env"; done
    for env in "${ENVS[@]}"; do gate "DNS TTL of ${API_HOST[$env]} <= 300" dns_ttl_low "$env"; done
    ;;
  *)
    echo "usage: $0 <1|2|3|cutover>" >&2
    exit 2
    ;;
esac

echo "gates: ${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
