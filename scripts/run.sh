#!/usr/bin/env bash
# Builds Sightline and the demonstration review, and prints its summary.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh

cargo build --release --locked --bin sightline
export SIGHTLINE_PASSPHRASE="${SIGHTLINE_PASSPHRASE:-demo}"
rm -f sightline-demo/demo.sightline sightline-demo/demo.sightline-wal sightline-demo/demo.sightline-shm
./target/release/sightline demo sightline-demo
echo
echo "Try: SIGHTLINE_PASSPHRASE=$SIGHTLINE_PASSPHRASE ./target/release/sightline records sightline-demo/demo.sightline"
