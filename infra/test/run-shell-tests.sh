#!/usr/bin/env bash
# npm run test:shell — shellcheck on every shell script in the repo (tracked or new, outside
# node_modules: *.sh plus extension-less bash stubs under test-stubs/ or stubs/), then bats on every
# *.bats file. Prints one summary line; exits non-zero when anything fails.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1

for tool in shellcheck bats git; do
  command -v "$tool" >/dev/null 2>&1 || {
    echo "test:shell: '$tool' is missing (scripts/ensure-system-packages.sh installs shellcheck and bats)" >&2
    exit 1
  }
done

scripts=()
bats_files=()
while IFS= read -r f; do
  [ -f "$f" ] || continue
  case "$f" in
    node_modules/* | */node_modules/*) ;;
    *.sh) scripts+=("$f") ;;
    *.bats) bats_files+=("$f") ;;
    */test-stubs/* | */stubs/*) head -n 1 "$f" | grep -Eq '^#!.*\b(ba)?sh\b' && scripts+=("$f") ;;
  esac
done < <({ git ls-files; git ls-files --others --exclude-standard; } | sort -u)

lint_failed=0
for f in "${scripts[@]}"; do
  if ! shellcheck -x --source-path=SCRIPTDIR "$f"; then
    lint_failed=$((lint_failed + 1))
    echo "shellcheck: FAIL $f" >&2
  fi
done

bats_passed=0
bats_failed=0
if [ "${#bats_files[@]}" -gt 0 ]; then
  tap="$(bats --tap "${bats_files[@]}" 2>&1)"
  printf '%s\n' "$tap"
  bats_passed="$(grep -c '^ok ' <<<"$tap")"
  bats_failed="$(grep -c '^not ok ' <<<"$tap")"
  # A bats file that cannot even load reports no test lines at all.
  if ! grep -q '^1\.\.' <<<"$tap"; then bats_failed=$((bats_failed + 1)); fi
fi

echo "test:shell: shellcheck $((${#scripts[@]} - lint_failed))/${#scripts[@]} scripts clean; bats ${bats_passed} passed, ${bats_failed} failed (${#bats_files[@]} files)"
[ "$lint_failed" -eq 0 ] && [ "$bats_failed" -eq 0 ]
