#!/usr/bin/env bash
# Regenerates the golden fixtures in test/fixtures/golden/ from the R scripts in test/fixtures/r/.
# Needs R (Debian: apt-get install -y --no-install-recommends r-base-core). The tests themselves
# read the committed JSON and never need R.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v Rscript >/dev/null 2>&1; then
  echo "Rscript not found. Install R first: apt-get update && apt-get install -y --no-install-recommends r-base-core" >&2
  exit 1
fi
Rscript -e 'cat(R.version.string, "\n")'
for script in test/fixtures/r/*.R; do
  case "$script" in */json.R) continue ;; esac
  (cd test/fixtures/r && Rscript "$(basename "$script")")
done
