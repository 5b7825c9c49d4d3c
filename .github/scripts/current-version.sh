#!/usr/bin/env bash
# Prints the version id that serves 100 % of a Worker's traffic right now
# (the rollback target of a gradual deploy):
#   current-version.sh <wrangler config> <env>
# Fails when the Worker has no single fully-deployed version (for example a
# previous gradual deploy was left half-way): a human must settle that first.
set -euo pipefail
CONFIG="${1:?usage: current-version.sh <wrangler config> <env>}"
ENVIRONMENT="${2:?usage: current-version.sh <wrangler config> <env>}"

status="$(npx wrangler deployments status -c "$CONFIG" --env "$ENVIRONMENT" --json)"
version="$(jq -r '[.versions[] | select(.percentage == 100) | .version_id] | if length == 1 then .[0] else empty end' <<<"$status")"
if [ -z "$version" ]; then
  echo "no single version serves 100 % of ${ENVIRONMENT} traffic; settle the current deployment first:" >&2
  echo "$status" >&2
  exit 1
fi
echo "$version"
