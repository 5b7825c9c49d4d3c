#!/usr/bin/env bash
# Packs what a production release deployed, for the R2 archive (plan phase 7: "archive the previous
# tag's bundle in R2 as belt-and-braces"): the three Workers' bundles as `wrangler deploy --dry-run`
# builds them for prd (dist/prd/<worker>/, from `npm run dry-run:prd`), their wrangler configs, the
# API's static assets (generated/docs, the /docs page) and a manifest naming the release and commit.
#   archive-release.sh <release tag> <commit sha> <dist dir> <out.tar.gz>
# Restore: download it, `tar -xzf`, then `npx wrangler deploy --no-bundle -c <config> --env prd`
# from the unpacked bundle (docs/runbooks/cutover.md, "Rollback when Cloudflare's history is gone").
set -euo pipefail

RELEASE="${1:?usage: archive-release.sh <release> <sha> <dist dir> <out.tar.gz>}"
SHA="${2:?usage: archive-release.sh <release> <sha> <dist dir> <out.tar.gz>}"
DIST="${3:?usage: archive-release.sh <release> <sha> <dist dir> <out.tar.gz>}"
OUT="${4:?usage: archive-release.sh <release> <sha> <dist dir> <out.tar.gz>}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
WORKERS=(adv-svc-public-api adv-svc-auth-helper adv-svc-public-api-tail)
CONFIGS=(wrangler.toml services/auth-helper/wrangler.toml services/log-tail/wrangler.toml)

[[ "$SHA" =~ ^[0-9a-f]{7,40}$ ]] || { echo "archive-release: '$SHA' is not a commit sha" >&2; exit 2; }
for w in "${WORKERS[@]}"; do
  [ -n "$(ls -A "$DIST/$w" 2>/dev/null)" ] || { echo "archive-release: no bundle in $DIST/$w (run npm run dry-run:prd first)" >&2; exit 1; }
done

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/bundles" "$stage/config"
for w in "${WORKERS[@]}"; do cp -R "$DIST/$w" "$stage/bundles/$w"; done
for c in "${CONFIGS[@]}"; do
  mkdir -p "$stage/config/$(dirname "$c")"
  cp "$ROOT/$c" "$stage/config/$c"
done
mkdir -p "$stage/assets/generated"
cp -R "$ROOT/generated/docs" "$stage/assets/generated/docs"
jq -n --arg release "$RELEASE" --arg sha "$SHA" --arg at "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  --argjson workers "$(printf '%s\n' "${WORKERS[@]}" | jq -R . | jq -s .)" \
  '{release: $release, commit: $sha, archived_at: $at, environment: "prd", workers: $workers}' >"$stage/manifest.json"
tar -C "$stage" -czf "$OUT" manifest.json bundles config assets
echo "archive-release: $OUT ($(du -k "$OUT" | cut -f1) KiB) for $RELEASE ($SHA)"
