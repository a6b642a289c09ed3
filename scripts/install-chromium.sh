#!/usr/bin/env bash
# Installs Debian's chromium for the HTML report tests (test/report/html-browser.test.ts).
# The tests run this when /usr/bin/chromium is missing; it needs root (as in CI) or sudo.
set -euo pipefail

if command -v chromium >/dev/null 2>&1; then
  echo "chromium is already installed: $(command -v chromium)"
  exit 0
fi

run_as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo "$@"
  else
    echo "installing chromium needs root: run 'apt-get install chromium' as root" >&2
    return 1
  fi
}

# Test files run in parallel and may each ask for a package: one apt run at a time.
exec 9>/tmp/canary-judge-apt.lock
flock -w 900 9
if command -v chromium >/dev/null 2>&1; then
  echo "chromium installed meanwhile: $(command -v chromium)"
  exit 0
fi
run_as_root apt-get -o DPkg::Lock::Timeout=600 update
run_as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y --no-install-recommends chromium
command -v chromium
