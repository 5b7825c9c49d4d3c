#!/usr/bin/env bash
# `npm ci` when node_modules is missing or older than package-lock.json (after a pull or a
# branch switch that changed the lockfile), so `npm start` and `npm test` never run against
# stale packages. Run it with Node already on PATH (after scripts/ensure-node.sh).
#   bash scripts/ensure-dependencies.sh
set -euo pipefail
cd "${ADV_PROJECT_ROOT:-$(dirname "$0")/..}"
if [ ! -d node_modules ]; then
  echo "dependencies: no node_modules yet; running npm ci" >&2
elif [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "dependencies: package-lock.json changed since the last install; running npm ci" >&2
else
  exit 0
fi
npm ci --no-audit --no-fund
