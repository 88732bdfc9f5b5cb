#!/usr/bin/env bash
# Wall-clock time and peak resident memory of each step, through the command
# line, on generated reviews (9 agencies, seed 1, encrypted as a user's are).
# Usage: bash benches/peak.sh [SIZES] [EXPORT_SIZES]
#   defaults: SIZES="10000 100000 1000000", EXPORT_SIZES="10000"
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
sightline_need_apt time
sizes=${1:-"10000 100000 1000000"}
export_sizes=${2:-"10000"}
cargo build --release --locked --bin sightline >/dev/null 2>&1 || cargo build --release --locked --bin sightline
bin=$PWD/target/release/sightline
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SIGHTLINE_PASSPHRASE=bench

step() { # name, command...
  local name=$1
  shift
  /usr/bin/time -f "%e %M" -o "$work/t" "$@" >"$work/out" 2>"$work/err" || {
    cat "$work/err" >&2
    exit 1
  }
  read -r s kb <"$work/t"
  printf "%9s  %-22s %8.2f s  %6d MB peak\n" "$n" "$name" "$s" $((kb / 1024))
}

printf "%9s  %-22s %10s  %12s\n" records step time memory
for n in $sizes; do
  dir=$work/$n
  "$bin" generate "$dir" --records "$n" --seed 1 >/dev/null
  review=$dir/review.sightline
  "$bin" new "$review" --title "Scale $n" 2>/dev/null
  # One import per agency file, as a user would; times summed, peak is the largest.
  total=0
  max=0
  while IFS=$'\t' read -r file agency kind; do
    /usr/bin/time -f "%e %M" -o "$work/t" "$bin" import "$review" "$dir/$file" --agency "$agency" --kind "$kind" >/dev/null
    read -r s kb <"$work/t"
    total=$(awk -v a="$total" -v b="$s" 'BEGIN { print a + b }')
    [ "$kb" -gt "$max" ] && max=$kb
  done < <(python3 -c 'import json,sys; [print(f["file"], f["agency"], f["kind"], sep="\t") for f in json.load(open(sys.argv[1]))["files"]]' "$dir/manifest.json")
  printf "%9s  %-22s %8.2f s  %6d MB peak\n" "$n" "import (all files)" "$total" $((max / 1024))
  step "timeline --json" "$bin" timeline "$review" --json
  step "knowledge --json" "$bin" knowledge "$review" --json
  step "flags --json" "$bin" flags "$review" --json
  for e in $export_sizes; do
    if [ "$e" = "$n" ]; then
      step "export" "$bin" export "$review" --pdf "$dir/report.pdf"
      echo "           $(grep -o '[0-9]* pages' "$work/out")"
    fi
  done
  rm -rf "$dir"
done
