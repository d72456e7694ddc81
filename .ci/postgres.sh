#!/usr/bin/env bash
# CI: make sure PostgreSQL's server binaries are here (Debian's package when missing). The tests start a
# throw-away cluster on loopback themselves and stop it at the end (tests/postgres_server.py).
set -euo pipefail
if ! command -v pg_ctl >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq postgresql >/dev/null
fi
ls -d /usr/lib/postgresql/*/bin 2>/dev/null | head -1 || command -v pg_ctl
