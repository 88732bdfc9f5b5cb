#!/usr/bin/env bash
# Drives the real Sightline window end to end: builds the app and the CLI,
# then runs src-tauri/e2e under a virtual display through tauri-driver and
# WebKitWebDriver, with networking removed. Screenshots of every screen
# land in target/e2e-screens/ (or $SIGHTLINE_SCREENSHOTS; see screens.sh).
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
# Screenshots come from the virtual screen's framebuffer (see shot() in
# app.test.mjs), which Xvfb writes to a file under -fbdir.
fb=$(mktemp -d)
trap 'rm -rf "$fb"' EXIT
export SIGHTLINE_FRAMEBUFFER="$fb/Xvfb_screen0"
run=(xvfb-run -a -s "-screen 0 1366x768x24 -fbdir $fb" node --test --test-concurrency=1 app.test.mjs)
# With networking removed: a network namespace of the tests' own with only
# loopback up (tauri-driver talks to WebKitWebDriver over loopback), so the
# app is shown to work with no network at all.
if [ "$(id -u)" -eq 0 ] && unshare -n true 2>/dev/null; then
  echo "running the app with networking removed (unshare -n)"
  unshare -n bash -c 'ip link set lo up && "$@"' _ "${run[@]}"
else
  echo "unshare -n is not available without root; running with the network as it is"
  "${run[@]}"
fi
