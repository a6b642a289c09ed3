#!/usr/bin/env bash
# Backfills an OpenMetrics file into a fresh TSDB and runs Prometheus on it in the foreground, on
# 127.0.0.1 only. For trying queries by hand; the tests start their own server the same way
# (test/adapters/prometheus/helpers/prometheus-server.ts).
#
#   bash scripts/prometheus/start.sh DATA.om [PORT] [WORK_DIR]
#
# DATA.om: OpenMetrics text, timestamps in seconds, ending in "# EOF". PORT defaults to 9090;
# WORK_DIR (default: a new temporary directory) receives the TSDB and the config.
set -euo pipefail
data_file=${1:?usage: start.sh DATA.om [PORT] [WORK_DIR]}
port=${2:-9090}
work_dir=${3:-$(mktemp -d -t canary-judge-prometheus-XXXXXX)}

command -v promtool >/dev/null 2>&1 || { echo "promtool not found: run scripts/prometheus/install.sh" >&2; exit 1; }
mkdir -p "$work_dir/data"
printf 'global: {}\nscrape_configs: []\n' >"$work_dir/prometheus.yml"
# Blocks added to a running server only show up after about a minute: backfill before starting.
promtool tsdb create-blocks-from openmetrics "$data_file" "$work_dir/data" >/dev/null
echo "TSDB in $work_dir/data; serving http://127.0.0.1:$port" >&2
exec prometheus \
  --config.file="$work_dir/prometheus.yml" \
  --storage.tsdb.path="$work_dir/data" \
  --storage.tsdb.retention.time=100y \
  --web.listen-address="127.0.0.1:$port"
