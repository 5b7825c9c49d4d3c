#!/usr/bin/env bash
# The whole test suite — the README's test command (`npm test`) and what CI
# (.ci/run) runs on a clean clone. It sets up what it needs (Node 24, npm ci,
# Debian test tools, MariaDB with the schema and demo data), runs every gate,
# and ends with the plain line CI reads: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
ROOT="$PWD"
. scripts/ensure-node.sh

RESULTS="$ROOT/test-results"
mkdir -p "$RESULTS"

setup() {
  bash scripts/ensure-system-packages.sh || return 1
  bash scripts/ensure-dependencies.sh || return 1
  bash scripts/ensure-mysql.sh || return 1
  node scripts/db/setup.ts || return 1
}

passed=0
failed=0
failed_steps=()

# step NAME COMMAND... — a gate counts as one test unless a counter below adds its own totals.
step() {
  local name="$1"
  shift
  echo
  echo "━━━ $name"
  local started=$SECONDS
  if "$@"; then
    echo "━━━ $name: ok ($((SECONDS - started)) s)"
    return 0
  fi
  echo "━━━ $name: FAILED ($((SECONDS - started)) s)"
  failed_steps+=("$name")
  return 1
}

gate() {
  if step "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

# count_from FILE — adds the totals a step wrote: {"passed":N,"failed":M}, or a parity report's {"summary":{…}}.
count_from() {
  local file="$1" p f
  if [ -f "$file" ]; then
    read -r p f < <(node -e 'const r=JSON.parse(require("fs").readFileSync(process.argv[1],"utf8"));const t=r.summary??r;console.log(t.passed??0, t.failed??0)' "$file")
    passed=$((passed + p))
    failed=$((failed + f))
  fi
}

# counted FILE NAME COMMAND... — a step that reports its own test totals in FILE.
counted() {
  local file="$1"
  shift
  rm -f "$file"
  if ! step "$@"; then
    # A step that crashed before writing its totals still counts as a failure.
    [ -f "$file" ] || failed=$((failed + 1))
  fi
  count_from "$file"
}

# shell_tests — shellcheck + bats; totals from the runner's summary line.
shell_tests() {
  local out
  out="$(npm run --silent test:shell 2>&1)"
  local status=$?
  printf '%s\n' "$out"
  node -e '
    const m = /shellcheck (\d+)\/(\d+) scripts clean; bats (\d+) passed, (\d+) failed/.exec(process.argv[1]);
    if (m) require("fs").writeFileSync(process.argv[2], JSON.stringify({ passed: +m[1] + +m[3], failed: (+m[2] - +m[1]) + +m[4] }));
  ' "$out" "$RESULTS/shell-totals.json"
  return $status
}

if ! step "setup (toolchain, npm ci, MariaDB, demo data)" setup; then
  echo
  echo "0 passed, 1 failed"
  exit 1
fi

gate "spec lint (redocly, zero warnings)" npm run --silent lint:spec
gate "generated code is up to date" npm run --silent check:generated
gate "typecheck" npm run --silent typecheck
gate "lint" npm run --silent lint
gate "secret scan" npm run --silent lint:secrets
counted "$RESULTS/vitest-totals.json" "vitest: unit, property, workerd + MariaDB, contract, fuzz, smoke" \
  node scripts/run-vitest.ts "$RESULTS/vitest-totals.json"
counted "$RESULTS/parity-worker.json" "parity: recorded PHP fixtures vs the Worker" \
  node parity/cli.ts --fixtures parity/fixtures --target worker --report "$RESULTS/parity-worker.json" --matrix "$RESULTS/parity-matrix.md"
counted "$RESULTS/parity-mock.json" "parity: recorded PHP fixtures vs the integrators' mock" \
  node parity/cli.ts --fixtures parity/fixtures --target mock --report "$RESULTS/parity-mock.json"
counted "$RESULTS/sdk-smoke.json" "sdk smoke: the packed SDK's README examples vs the local stack and the mock" \
  node scripts/sdk/smoke.ts local mock --report "$RESULTS/sdk-smoke.json"
counted "$RESULTS/shell-totals.json" "shell scripts (shellcheck + bats)" shell_tests
for env in dev stg prd; do
  gate "dry-run deploy: $env" npm run --silent "dry-run:$env"
done

echo
if [ "$failed" -gt 0 ]; then
  echo "Failed: ${failed_steps[*]}"
fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
