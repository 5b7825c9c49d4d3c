#!/usr/bin/env bash
# Makes sure the MySQL at DATABASE_URL answers. When it is the default local
# one and it is down, starts the local MariaDB (the Debian package), as CI and
# a fresh machine need. Anything else: say clearly what to do.
# Requires Node 24 on PATH (scripts/ensure-node.sh) and node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."

if node scripts/db/setup.ts --check 2>/dev/null; then
  exit 0
fi

if [ -z "${DATABASE_URL:-}" ] && [ -x /usr/sbin/mariadbd ]; then
  echo "ensure-mysql: local MariaDB is not answering; starting it" >&2
  if [ "$(id -u)" -eq 0 ]; then
    mkdir -p /run/mysqld
    chown mysql:mysql /run/mysqld 2>/dev/null || true
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd
  else
    echo "ensure-mysql: not root; start it with: sudo start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd" >&2
    exit 1
  fi
  for _ in $(seq 1 60); do
    if node scripts/db/setup.ts --check 2>/dev/null; then exit 0; fi
    sleep 0.5
  done
fi

# Still down: print the friendly explanation and fail.
node scripts/db/setup.ts --check
