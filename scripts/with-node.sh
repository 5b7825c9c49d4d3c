#!/usr/bin/env bash
# Runs a command with Node 24 first on PATH (see ensure-node.sh), for npm
# scripts that must not depend on the caller's shell: `bash scripts/with-node.sh node x.ts`.
set -euo pipefail
. "$(dirname "$0")/ensure-node.sh"
exec "$@"
