#!/usr/bin/env bash
# Drives the real Sightline window end to end: builds the app and the CLI,
# then runs src-tauri/e2e under a virtual display through tauri-driver and
# WebKitWebDriver. Screenshots of every screen land in docs/screens/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
sightline_need_tauri_driver
sightline_build_ui

cargo build --locked -p sightline-app --bin sightline-app
cargo build --locked --bin sightline
if [ ! -d src-tauri/e2e/node_modules ] || [ src-tauri/e2e/package-lock.json -nt src-tauri/e2e/node_modules ]; then
  npm --prefix src-tauri/e2e ci --no-audit --no-fund --loglevel=error
fi
cd src-tauri/e2e
xvfb-run -a -s "-screen 0 1366x768x24" node --test --test-concurrency=1 app.test.mjs
