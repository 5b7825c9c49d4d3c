# Shared by the bats files here: start tests/smoke/fake-api.mjs on a free port
# (BASE_URL/BASE point at it) and stop it in teardown.

start_fake() {
  local port_file="$BATS_TEST_TMPDIR/port"
  FAKE_API_BREAK="${1:-}" node "$BATS_TEST_DIRNAME/fake-api.mjs" >"$port_file" &
  FAKE_PID=$!
  for _ in $(seq 1 50); do
    [ -s "$port_file" ] && break
    sleep 0.1
  done
  BASE="http://127.0.0.1:$(cat "$port_file")"
  export BASE_URL="$BASE"
}

stop_fake() {
  if [ -n "${FAKE_PID:-}" ]; then kill "$FAKE_PID" 2>/dev/null || true; fi
}
