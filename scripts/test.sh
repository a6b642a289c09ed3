#!/usr/bin/env bash
# The whole test suite, as README.md's Quick start runs it: type check, then every vitest test
# (unit, property, golden, package checks), then a closing line `N passed, N failed` read from
# vitest's JSON report (a failed type check counts as one failure; in CI a skipped test fails).
# Exits non-zero when anything fails or when no test ran.
set -uo pipefail
cd "$(dirname "$0")/.."

status=0
typecheck=()
echo "== type check"
if ! npx tsc --noEmit; then
  echo "type check failed" >&2
  status=1
  typecheck=(--typecheck-failed)
fi

echo "== tests"
results=".vitest-results.json"
rm -f "$results"
npx vitest run --reporter=default --reporter=json --outputFile="$results" || status=1

if [ ! -s "$results" ]; then
  echo "vitest wrote no results" >&2
  echo "0 passed, $((1 + ${#typecheck[@]})) failed"
  exit 1
fi
node scripts/summarise-results.mjs "$results" "${typecheck[@]}" || status=1
exit "$status"
