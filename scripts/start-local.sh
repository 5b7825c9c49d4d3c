#!/usr/bin/env bash
# `npm start`: Node 24, dependencies, then the local stack (database + both
# Workers in one wrangler dev) on http://127.0.0.1:8787 until Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/ensure-node.sh
if [ ! -d node_modules ]; then
  npm ci
fi
exec node scripts/local-stack.ts "$@"
