# shellcheck shell=bash
# Shared by the provisioning scripts (provision-hyperdrive.sh, provision-kv.sh): logging, the
# `[--dry-run] [dev] [stg] [prd]` arguments, and writing a resource id over its REPLACE_WITH_…
# placeholder in the wrangler.toml files. Source it after setting PROVISION_NAME, repo_root and
# TOML_FILES; it sets dry_run and envs.

log() { printf '%s: %s\n' "$PROVISION_NAME" "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

upper() { printf '%s' "$1" | tr '[:lower:]' '[:upper:]'; }

# parse_provision_args HELP_LINES ARGS… — prints the script's header (lines 2..HELP_LINES) on --help.
parse_provision_args() {
  local help_lines="$1" arg
  shift
  dry_run=0
  envs=()
  for arg in "$@"; do
    case "$arg" in
      --dry-run) dry_run=1 ;;
      dev | stg | prd) envs+=("$arg") ;;
      -h | --help)
        sed -n "2,${help_lines}p" "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
      *) die "unknown argument '$arg' (expected --dry-run, dev, stg, prd)" ;;
    esac
  done
  [ "${#envs[@]}" -gt 0 ] || envs=(dev stg prd)
  local f
  for f in "${TOML_FILES[@]}"; do [ -f "$f" ] || die "wrangler config not found: $f"; done
}

# write_id PLACEHOLDER ID — replaces "PLACEHOLDER" by "ID" in every toml file that has it (not every
# file binds every resource); only logs under --dry-run.
write_id() {
  local placeholder="$1" id="$2" f
  for f in "${TOML_FILES[@]}"; do
    grep -q "\"${placeholder}\"" "$f" || continue
    if [ "$dry_run" = 1 ]; then
      log "would write ${id} for ${placeholder} in ${f#"${repo_root}/"}"
    else
      sed -i "s/\"${placeholder}\"/\"${id}\"/" "$f"
      log "wrote ${id} for ${placeholder} in ${f#"${repo_root}/"}"
    fi
  done
}
