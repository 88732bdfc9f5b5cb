#!/usr/bin/env bash
# Opens a generated 1,000,000-record review in the real app (release build)
# and reports the time to the first painted timeline and frame times while
# panning and zooming. Usage: bash benches/app_timeline.sh [RECORDS]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
sightline_need_tauri_driver
sightline_build_ui

records="${1:-1000000}"
cargo build --release --locked --bin sightline
cargo build --release --locked -p sightline-app --bin sightline-app
dir="target/bench-app/$records"
export SIGHTLINE_PASSPHRASE=bench
if [ ! -f "$dir/review.sightline" ]; then
  rm -rf "$dir" && mkdir -p "$dir"
  ./target/release/sightline generate --records "$records" --seed 7 --review "$dir/review.sightline" "$dir/files" >/dev/null
fi
[ -d src-tauri/e2e/node_modules ] || npm --prefix src-tauri/e2e ci --no-audit --no-fund --loglevel=error

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
native=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
export XDG_CONFIG_HOME="$PWD/$dir/config" SIGHTLINE_APP="$PWD/target/release/sightline-app" TAURI_DRIVER_PORT=$port
xvfb-run -a -s "-screen 0 1366x768x24" bash -c "
  tauri-driver --port $port --native-port $native >/dev/null 2>&1 & d=\$!
  sleep 2
  node src-tauri/e2e/timeline-bench.mjs '$PWD/$dir/review.sightline'
  kill \$d"
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(date -u +%F)"
