#!/usr/bin/env bash
# Refreshes the app screenshots in docs/screens/ (shown in the README): runs
# the end-to-end tests with their screenshots sent there instead of target/.
set -euo pipefail
cd "$(dirname "$0")/.."
SIGHTLINE_SCREENSHOTS="$PWD/docs/screens" bash scripts/e2e.sh
