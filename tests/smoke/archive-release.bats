#!/usr/bin/env bats
# .github/scripts/archive-release.sh (the archive workflow's packer) on fake dry-run bundles.

setup() {
  ROOT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  SCRIPT="$ROOT/.github/scripts/archive-release.sh"
  DIST="$BATS_TEST_TMPDIR/dist"
  for w in adv-svc-public-api adv-svc-auth-helper adv-svc-public-api-tail; do
    mkdir -p "$DIST/$w"
    printf 'export default {} // %s\n' "$w" >"$DIST/$w/index.js"
  done
  OUT="$BATS_TEST_TMPDIR/bundle.tar.gz"
}

@test "packs the three bundles, the three configs, the /docs assets and a manifest of the release" {
  run "$SCRIPT" v1.2.3 0123456789abcdef0123456789abcdef01234567 "$DIST" "$OUT"
  [ "$status" -eq 0 ]
  listing="$(tar -tzf "$OUT" | sort)"
  for f in manifest.json bundles/adv-svc-public-api/index.js bundles/adv-svc-auth-helper/index.js \
    bundles/adv-svc-public-api-tail/index.js config/wrangler.toml config/services/auth-helper/wrangler.toml \
    config/services/log-tail/wrangler.toml assets/generated/docs/docs.html; do
    grep -qx "$f" <<<"$listing"
  done
  [ "$(tar -xzOf "$OUT" manifest.json | jq -c '{release, commit, environment, n: (.workers | length)}')" = \
    '{"release":"v1.2.3","commit":"0123456789abcdef0123456789abcdef01234567","environment":"prd","n":3}' ]
  tar -xzOf "$OUT" bundles/adv-svc-auth-helper/index.js | grep -q 'adv-svc-auth-helper'
}

@test "refuses to pack when a bundle is missing" {
  rm -rf "$DIST/adv-svc-auth-helper"
  run "$SCRIPT" v1.2.3 0123456 "$DIST" "$OUT"
  [ "$status" -eq 1 ]
  [[ "$output" == *"no bundle in $DIST/adv-svc-auth-helper"* ]]
  [ ! -e "$OUT" ]
}

@test "refuses a commit that is not a sha" {
  run "$SCRIPT" v1.2.3 'main; rm -rf /' "$DIST" "$OUT"
  [ "$status" -eq 2 ]
}
