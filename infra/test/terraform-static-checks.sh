#!/usr/bin/env bash
# Static Terraform gates for CI machines that have the binaries (the offline contract tests run
# everywhere via vitest): `terraform fmt -check`, then `terraform init -backend=false` + `validate`
# per root, then `tflint` per root when installed. Missing binaries are reported and skipped, not
# failed, so this can run on any runner; set TF_STATIC_STRICT=1 to fail on a missing binary.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1

roots=(imagebuilder promotion cloudflared/live observability)
failed=0
missing() {
  echo "SKIP  $1 not installed"
  [ "${TF_STATIC_STRICT:-0}" = 1 ] && failed=$((failed + 1))
  return 0
}
check() {
  local name="$1"
  shift
  if "$@" >/tmp/tf-static.$$ 2>&1; then echo "PASS  $name"; else
    echo "FAIL  $name"
    sed 's/^/      /' /tmp/tf-static.$$
    failed=$((failed + 1))
  fi
  rm -f /tmp/tf-static.$$
}

if command -v terraform >/dev/null 2>&1; then
  check "terraform fmt -check -recursive infra" terraform fmt -check -recursive .
  for root in "${roots[@]}"; do
    check "terraform validate ${root}" sh -c "cd '$root' && terraform init -backend=false -input=false >/dev/null && terraform validate -no-color"
  done
else
  missing terraform
fi

if command -v tflint >/dev/null 2>&1; then
  for root in "${roots[@]}" cloudflared; do check "tflint ${root}" tflint --chdir="$root" --config="$PWD/.tflint.hcl"; done
else
  missing tflint
fi

[ "$failed" -eq 0 ]
