#!/usr/bin/env bash
# provision-hyperdrive.sh — plan phase 2: the six Hyperdrive configs (console + aggregate × dev/stg/prd)
# and their ids in wrangler.toml and services/auth-helper/wrangler.toml.
#
# Usage: scripts/provision-hyperdrive.sh [--dry-run] [dev] [stg] [prd]      (default: all three envs)
#
# Idempotent: a config whose name already exists (`wrangler hyperdrive list`) is not created again; its
# id is reused. Only the REPLACE_WITH_<CLUSTER>_<ENV>_ID placeholders in the toml files are rewritten.
#
# Credentials come from the environment only (never argv of this script, never the repo), and only for
# configs that still have to be created:
#   HYPERDRIVE_<CLUSTER>_<ENV>_PASSWORD   read-only Aurora password, e.g. HYPERDRIVE_CONSOLE_DEV_PASSWORD
#   HYPERDRIVE_<CLUSTER>_<ENV>_USER       optional, default ro_user
#   HYPERDRIVE_ACCESS_CLIENT_ID_<ENV>     Cloudflare Access service token guarding the env's tunnel
#   HYPERDRIVE_ACCESS_CLIENT_SECRET_<ENV>   (Hyperdrive reaches a tunnel-only origin through Access)
# Optional: HYPERDRIVE_HOST_SUFFIX (default internal.adventive.com), WRANGLER (default "npx wrangler"),
#           HYPERDRIVE_TOML_FILES (space-separated; default the two wrangler.toml files).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
read -r -a WRANGLER_CMD <<<"${WRANGLER:-npx wrangler}"
read -r -a TOML_FILES <<<"${HYPERDRIVE_TOML_FILES:-${repo_root}/wrangler.toml ${repo_root}/services/auth-helper/wrangler.toml}"
HOST_SUFFIX="${HYPERDRIVE_HOST_SUFFIX:-internal.adventive.com}"

PROVISION_NAME=provision-hyperdrive
# shellcheck source=lib/provision-common.sh
. "${repo_root}/scripts/lib/provision-common.sh"
parse_provision_args 20 "$@"


database_for() { if [ "$1" = console ]; then echo console; else echo aggregate_ro; fi; }

# Reads a variable by name without ever echoing its value; dies naming the variable when unset.
required_var() {
  local name="$1"
  [ -n "${!name:-}" ] || die "$name is not set (export it in this shell; it is never read from argv)"
  printf '%s' "${!name}"
}

# Prints the id of the config called $1 from `wrangler hyperdrive list` output on stdin, if any.
# The list is a box table: │ id │ name │ user │ …
id_from_list() {
  awk -v want="$1" -F '│|\\|' '
    { id = $2; name = $3; gsub(/^[ \t]+|[ \t]+$/, "", id); gsub(/^[ \t]+|[ \t]+$/, "", name) }
    name == want && id ~ /^[0-9a-f]{32}$/ { print id; exit }'
}

create_config() {
  local name="$1" cluster="$2" env="$3" key password user user_var client_id client_secret out
  key="$(upper "${cluster}_${env}")"
  password="$(required_var "HYPERDRIVE_${key}_PASSWORD")" || exit 1
  client_id="$(required_var "HYPERDRIVE_ACCESS_CLIENT_ID_$(upper "$env")")" || exit 1
  client_secret="$(required_var "HYPERDRIVE_ACCESS_CLIENT_SECRET_$(upper "$env")")" || exit 1
  user_var="HYPERDRIVE_${key}_USER"
  user="${!user_var:-ro_user}"
  # Individual parameters instead of a connection string: a password with URL-reserved characters
  # would otherwise need percent-encoding, and a tunnel origin takes Access credentials, not a port.
  out="$("${WRANGLER_CMD[@]}" hyperdrive create "$name" \
    --origin-scheme mysql \
    --origin-host "aurora-${cluster}-${env}.${HOST_SUFFIX}" \
    --database "$(database_for "$cluster")" \
    --origin-user "$user" \
    --origin-password "$password" \
    --access-client-id "$client_id" \
    --access-client-secret "$client_secret" 2>&1)" || {
    log "wrangler hyperdrive create $name failed:"
    printf '%s\n' "$out" | grep -v -F -e "$password" -e "$client_secret" >&2 || true
    exit 1
  }
  printf '%s\n' "$out" | sed -n 's/.*Created new Hyperdrive .* config: \([0-9a-f]\{32\}\).*/\1/p' | head -n 1
}


listing="$("${WRANGLER_CMD[@]}" hyperdrive list 2>&1)" || {
  printf '%s\n' "$listing" >&2
  die "wrangler hyperdrive list failed (is wrangler logged in? try: ${WRANGLER_CMD[*]} whoami)"
}

created=0 existing=0
for env in "${envs[@]}"; do
  for cluster in console aggregate; do
    name="adv-svc-public-api-${cluster}-${env}"
    placeholder="REPLACE_WITH_$(upper "${cluster}_${env}")_ID"
    id="$(printf '%s\n' "$listing" | id_from_list "$name")"
    if [ -n "$id" ]; then
      log "exists: ${name} (${id}), not creating it again"
      existing=$((existing + 1))
    elif [ "$dry_run" = 1 ]; then
      log "would create ${name} -> aurora-${cluster}-${env}.${HOST_SUFFIX}/$(database_for "$cluster")"
      continue
    else
      id="$(create_config "$name" "$cluster" "$env")"
      [ -n "$id" ] || die "wrangler created ${name} but printed no id; run 'wrangler hyperdrive list' and rerun this script"
      log "created: ${name} (${id})"
      created=$((created + 1))
    fi
    write_id "$placeholder" "$id"
  done
done

log "done: ${created} created, ${existing} already existed (envs: ${envs[*]})"
