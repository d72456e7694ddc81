#!/usr/bin/env bash
# Debian's chromium for the browser tests (dashboard, report images); installs it only when missing.
# Prints the browser's path. Idempotent: a second run finds it and installs nothing.
set -euo pipefail
find_chromium() { command -v chromium || command -v chromium-browser || true; }
if [ -z "$(find_chromium)" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
path="$(find_chromium)"
if [ -z "$path" ]; then
  echo "chromium could not be installed" >&2
  exit 1
fi
echo "$path"
