#!/usr/bin/env bash
# Installs the Debian packages the test suite needs, when they are missing:
#   chromium  — the /docs screenshot test (headless, driven by playwright-core)
#   ShellCheck and bats — lint and tests of the shell scripts (infra bootstrap, smoke)
#   jq        — the bootstrap and metrics scripts under test parse JSON with it
# Needs root (CI runs as root). Safe to run repeatedly; does nothing when all are present.
set -euo pipefail

declare -A WANT=(
  [chromium]=chromium
  [shellcheck]=shellcheck
  [bats]=bats
  [jq]=jq
)

missing=()
for bin in "${!WANT[@]}"; do
  command -v "$bin" >/dev/null 2>&1 || missing+=("${WANT[$bin]}")
done
[ "${#missing[@]}" -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "ensure-system-packages: missing ${missing[*]}; install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "ensure-system-packages: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
