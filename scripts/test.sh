#!/usr/bin/env bash
# Runs every Sightline test, installing what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh

sightline_need_tauri_driver
sightline_build_ui
# The working papers are checked by opening them in LibreOffice.
command -v soffice >/dev/null || sightline_need_apt libreoffice-calc libreoffice-writer

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
cargo test --workspace --locked 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
# The front end's unit tests (Vitest, IPC mocked).
npm --prefix ui test 2>&1 | tee -a "$log"
ui_status=${PIPESTATUS[0]}
# The real app window, driven end to end.
bash scripts/e2e.sh 2>&1 | tee -a "$log"
e2e_status=${PIPESTATUS[0]}
set -e
[ "$status" -ne 0 ] || status=$ui_status
[ "$status" -ne 0 ] || status=$e2e_status
# One closing line for the whole run.
# (cargo's "test result:" lines, Vitest's "Tests" line, node:test's "# pass" lines)
sed 's/\x1b\[[0-9;]*m//g' "$log" | awk '
  /^test result:/ { p += $4; f += $6; s += $8 }
  /^ *Tests +[0-9]+ (passed|failed)/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^skipped/) s += $i } }
  /^# pass / { p += $3 } /^# fail / { f += $3 } /^# skipped / { s += $3 }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s }'

exit "$status"
