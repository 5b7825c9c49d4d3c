#!/usr/bin/env bats
# scripts/ensure-dependencies.sh — what `npm start` and `npm test` run before anything else:
# `npm ci` when node_modules is missing or older than package-lock.json. A scratch project
# and a fake `npm` that records its calls stand in for the real ones.

setup() {
  ROOT="$(cd "$BATS_TEST_DIRNAME/../.." && pwd)"
  PROJECT="$BATS_TEST_TMPDIR/project"
  mkdir -p "$PROJECT" "$BATS_TEST_TMPDIR/bin"
  echo '{}' >"$PROJECT/package-lock.json"
  cat >"$BATS_TEST_TMPDIR/bin/npm" <<STUB
#!/usr/bin/env bash
echo "\$*" >>"$BATS_TEST_TMPDIR/npm-calls"
exit "\${FAKE_NPM_STATUS:-0}"
STUB
  chmod +x "$BATS_TEST_TMPDIR/bin/npm"
}

ensure() {
  run env PATH="$BATS_TEST_TMPDIR/bin:$PATH" ADV_PROJECT_ROOT="$PROJECT" "$@" bash "$ROOT/scripts/ensure-dependencies.sh"
}

installed_at() {
  mkdir -p "$PROJECT/node_modules"
  echo '{}' >"$PROJECT/node_modules/.package-lock.json"
  touch -d "$1" "$PROJECT/node_modules/.package-lock.json"
}

@test "does nothing when node_modules is newer than package-lock.json" {
  touch -d '2026-12-01 10:00' "$PROJECT/package-lock.json"
  installed_at '2026-12-01 11:00'
  ensure
  [ "$status" -eq 0 ]
  [ ! -e "$BATS_TEST_TMPDIR/npm-calls" ]
}

@test "reinstalls with npm ci when package-lock.json changed after the last install" {
  installed_at '2026-12-01 10:00'
  touch -d '2026-12-01 11:00' "$PROJECT/package-lock.json"
  ensure
  [ "$status" -eq 0 ]
  [[ "$output" == *"package-lock.json changed since the last install; running npm ci"* ]]
  [ "$(cat "$BATS_TEST_TMPDIR/npm-calls")" = "ci --no-audit --no-fund" ]
}

@test "installs when there is no node_modules, or an install that never finished" {
  ensure
  [ "$status" -eq 0 ]
  [[ "$output" == *"no node_modules yet"* ]]
  mkdir -p "$PROJECT/node_modules"
  ensure
  [ "$status" -eq 0 ]
  [ "$(grep -c '^ci ' "$BATS_TEST_TMPDIR/npm-calls")" -eq 2 ]
}

@test "fails when npm ci fails" {
  ensure FAKE_NPM_STATUS=1
  [ "$status" -ne 0 ]
}

@test "npm start and npm test both run it before anything else" {
  grep -q '^bash scripts/ensure-dependencies.sh$' "$ROOT/scripts/start-local.sh"
  grep -q 'bash scripts/ensure-dependencies.sh || return 1' "$ROOT/scripts/test.sh"
}
