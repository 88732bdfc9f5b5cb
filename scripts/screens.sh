#!/usr/bin/env bash
# Refreshes the app screenshots in docs/screens/ (shown in the README): runs
# the end-to-end tests, whose screenshots land in target/e2e-screens/, then
# copies over each picture docs/screens/ already holds. A new picture is
# added by copying it there once; the others the tests take stay in target/.
set -euo pipefail
cd "$(dirname "$0")/.."
shots="${SIGHTLINE_SCREENSHOTS:-$PWD/target/e2e-screens}"
SIGHTLINE_SCREENSHOTS="$shots" bash scripts/e2e.sh
for f in docs/screens/*.png; do
  if [ -f "$shots/$(basename "$f")" ]; then
    cp "$shots/$(basename "$f")" "$f"
  else
    echo "no new picture for $f (the tests no longer take it?)" >&2
  fi
done
