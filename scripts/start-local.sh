#!/usr/bin/env bash
# `npm start`: Node 24, dependencies (reinstalled when the lockfile changed), then the local
# stack (database + both Workers in one wrangler dev) on http://127.0.0.1:8787 until Ctrl-C.
#   npm start -- [--port N] [--seed file.sql | --no-seed] [--var NAME:value …] [--verbose]
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/ensure-node.sh
bash scripts/ensure-dependencies.sh
exec node scripts/start/main.ts "$@"
