#!/usr/bin/env bash
# Builds Sightline (the command line and the desktop app), builds the
# demonstration review, and opens it in the app.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
sightline_build_ui

cargo build --release --locked --bin sightline
cargo build --release --locked -p sightline-app --bin sightline-app
export SIGHTLINE_PASSPHRASE="${SIGHTLINE_PASSPHRASE:-demo}"
rm -f sightline-demo/demo.sightline sightline-demo/demo.sightline-wal sightline-demo/demo.sightline-shm
./target/release/sightline demo sightline-demo
echo
echo "Command line: SIGHTLINE_PASSPHRASE=$SIGHTLINE_PASSPHRASE ./target/release/sightline records sightline-demo/demo.sightline"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  echo "Opening the demonstration review in the app…"
  exec ./target/release/sightline-app sightline-demo/demo.sightline
else
  echo "No display: open the app with ./target/release/sightline-app sightline-demo/demo.sightline"
fi
