#!/usr/bin/env bash
# provision-kv.sh — plan phase 3: the auth helper's CACHE KV namespace per environment (three in all)
# and their ids in services/auth-helper/wrangler.toml. (The API Worker binds no KV: its rate-limit
# fallback counts per isolate, decisions/2026-11-27-rate-limit-fallback.md.)
#
# Usage: scripts/provision-kv.sh [--dry-run] [dev] [stg] [prd]      (default: all three envs)
#
# Idempotent: a namespace whose title already exists (`wrangler kv namespace list`) is not created
# again; its id is reused. Only the REPLACE_WITH_AUTH_CACHE_KV_<ENV>_ID placeholders in the toml
# files are rewritten.
#
#   namespace title                      binding  placeholder                          file
#   kv-adv-svc-auth-helper-cache-<env>   CACHE    REPLACE_WITH_AUTH_CACHE_KV_<ENV>_ID  services/auth-helper/wrangler.toml
#
# Needs wrangler logged in (or CLOUDFLARE_API_TOKEN/CLOUDFLARE_ACCOUNT_ID). No secret is involved.
# Optional: WRANGLER (default "npx wrangler"), KV_TOML_FILES (space-separated; default the two
# wrangler.toml files, the API's included so that a KV binding added to it later is found too).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
read -r -a WRANGLER_CMD <<<"${WRANGLER:-npx wrangler}"
read -r -a TOML_FILES <<<"${KV_TOML_FILES:-${repo_root}/wrangler.toml ${repo_root}/services/auth-helper/wrangler.toml}"

PROVISION_NAME=provision-kv
# shellcheck source=lib/provision-common.sh
. "${repo_root}/scripts/lib/provision-common.sh"
parse_provision_args 17 "$@"

command -v jq >/dev/null 2>&1 || die "jq is required (apt-get install jq)"


# `wrangler kv namespace list` prints a JSON array of {id, title}.
list_namespaces() {
  local out
  out="$("${WRANGLER_CMD[@]}" kv namespace list 2>/dev/null)" || return 1
  jq -e 'type == "array"' >/dev/null 2>&1 <<<"$out" || return 1
  printf '%s\n' "$out"
}

id_of() { jq -r --arg t "$1" '[.[] | select(.title == $t) | .id][0] // empty' <<<"$listing"; }

# Prints the id of a newly created namespace. wrangler prints a config snippet with the id
# (TOML `id = "…"` or JSON `"id": "…"`); when it cannot be read, the list is asked again.
create_namespace() {
  local title="$1" out id
  out="$("${WRANGLER_CMD[@]}" kv namespace create "$title" 2>&1)" || {
    log "wrangler kv namespace create $title failed:"
    printf '%s\n' "$out" >&2
    exit 1
  }
  id="$(printf '%s\n' "$out" | sed -n 's/.*"\{0,1\}id"\{0,1\}[[:space:]]*[=:][[:space:]]*"\([0-9a-f]\{32\}\)".*/\1/p' | head -n 1)"
  if [ -z "$id" ]; then
    listing="$(list_namespaces)" || die "created ${title} but could not list namespaces; rerun this script"
    id="$(id_of "$title")"
  fi
  printf '%s' "$id"
}


listing="$(list_namespaces)" || die "wrangler kv namespace list failed (is wrangler logged in? try: ${WRANGLER_CMD[*]} whoami)"

created=0 existing=0
for env in "${envs[@]}"; do
  title="kv-adv-svc-auth-helper-cache-${env}"
  placeholder="REPLACE_WITH_AUTH_CACHE_KV_$(upper "$env")_ID"
  id="$(id_of "$title")"
  if [ -n "$id" ]; then
    log "exists: ${title} (${id}), not creating it again"
    existing=$((existing + 1))
  elif [ "$dry_run" = 1 ]; then
    log "would create ${title}"
    continue
  else
    id="$(create_namespace "$title")"
    [[ "$id" =~ ^[0-9a-f]{32}$ ]] || die "wrangler created ${title} but its id could not be read; run 'wrangler kv namespace list' and rerun this script"
    log "created: ${title} (${id})"
    created=$((created + 1))
  fi
  write_id "$placeholder" "$id"
done

log "done: ${created} created, ${existing} already existed (envs: ${envs[*]})"
