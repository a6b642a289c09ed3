#!/usr/bin/env bash
# Installs Debian's `prometheus` package (server + promtool) when it is missing, for the adapter
# tests. Needs root (CI runs as root) and Debian's apt; does not start a daemon. Idempotent.
#
#   bash scripts/prometheus/install.sh        # exit 0 when prometheus and promtool are on PATH
set -euo pipefail

if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
  echo "prometheus already installed: $(prometheus --version 2>&1 | head -n 1)"
  exit 0
fi

if [ "$(id -u)" != "0" ]; then
  echo "prometheus is missing and installing it needs root: run 'apt-get install prometheus' as root" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "prometheus is missing and apt-get is not available: install Prometheus 2.x (server and promtool) by hand" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Test files run in parallel and may each ask for a package: one apt run at a time.
exec 9>/tmp/canary-judge-apt.lock
flock -w 900 9
if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
  echo "prometheus installed meanwhile: $(prometheus --version 2>&1 | head -n 1)"
  exit 0
fi
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends prometheus >/dev/null
# The package may try to start a service; the tests start their own server on a free port.
if command -v systemctl >/dev/null 2>&1; then systemctl stop prometheus >/dev/null 2>&1 || true; fi

command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 || {
  echo "apt-get finished but prometheus/promtool are still not on PATH" >&2
  exit 1
}
echo "installed: $(prometheus --version 2>&1 | head -n 1)"
