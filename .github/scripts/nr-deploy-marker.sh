#!/usr/bin/env bash
# Records a New Relic deploy marker (change tracking) for a Worker deploy:
#   nr-deploy-marker.sh <version> <description>
# Needs NEW_RELIC_API_KEY and NEW_RELIC_ENTITY_GUID; without them, or when New
# Relic is unreachable, it warns and exits 0: observability must never block
# or fail a deploy.
set -uo pipefail

VERSION="${1:?usage: nr-deploy-marker.sh <version> <description>}"
DESCRIPTION="${2:-}"
NR_URL="${NEW_RELIC_GRAPHQL_URL:-https://api.newrelic.com/graphql}"

if [ -z "${NEW_RELIC_API_KEY:-}" ] || [ -z "${NEW_RELIC_ENTITY_GUID:-}" ]; then
  echo "::warning::New Relic deploy marker skipped (NEW_RELIC_API_KEY/NEW_RELIC_ENTITY_GUID not set)"
  exit 0
fi

body="$(jq -n --arg guid "$NEW_RELIC_ENTITY_GUID" --arg version "$VERSION" --arg description "$DESCRIPTION" \
  --arg commit "${GITHUB_SHA:-}" --arg user "${GITHUB_ACTOR:-ci}" \
  '{query: "mutation($d: ChangeTrackingDeploymentInput!) { changeTrackingCreateDeployment(deployment: $d) { deploymentId } }",
    variables: {d: {entityGuid: $guid, version: $version, description: $description, commit: $commit, user: $user}}}')"

if response="$(curl -sS --max-time 20 -H 'Content-Type: application/json' -H "API-Key: ${NEW_RELIC_API_KEY}" -d "$body" "$NR_URL")" \
  && jq -e '.data.changeTrackingCreateDeployment.deploymentId' >/dev/null 2>&1 <<<"$response"; then
  echo "New Relic deploy marker recorded: $VERSION $DESCRIPTION"
else
  echo "::warning::New Relic deploy marker failed for $VERSION (deploy continues)"
fi
exit 0
