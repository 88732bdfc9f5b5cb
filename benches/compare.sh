#!/usr/bin/env bash
# Side by side with the tools a panel would otherwise use:
#  1. import: the same generated 1,000,000-row CSV into a new review with
#     `sightline import` (the default a user gets: an encrypted review) and
#     into a bare table with the sqlite3 shell's `.import`, runs alternating;
#  2. report: the same 10,000-record chronology to PDF with `sightline export`
#     and with LibreOffice converting the CSV headless, runs alternating.
# Prints each time (median of the runs) and both ratios.
# Usage: bash benches/compare.sh [IMPORT_ROWS] [RUNS]   (defaults 1000000 3)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
sightline_need_apt sqlite3 time
command -v soffice >/dev/null || sightline_need_apt libreoffice-calc
rows=${1:-1000000}
runs=${2:-3}
export_rows=10000

cargo build --release --locked --bin sightline >/dev/null 2>&1 || cargo build --release --locked --bin sightline
bin=$PWD/target/release/sightline
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SIGHTLINE_PASSPHRASE=compare

# Seconds (wall clock) and peak resident KB of one command, appended to $1.
timed() {
  local out=$1
  shift
  /usr/bin/time -f "%e %M" -o "$work/t" "$@" >/dev/null 2>"$work/err" || {
    cat "$work/err" >&2
    return 1
  }
  cat "$work/t" >>"$out"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
peak() { awk '{ if ($2 > m) m = $2 } END { printf "%.0f", m / 1024 }'; }

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ { print $2 }') GiB"
echo "sightline $("$bin" --version | cut -d' ' -f2), $(sqlite3 --version | cut -d' ' -f1-2 | sed 's/^/sqlite3 /'), $(soffice --version 2>/dev/null | head -1)"

# ---------------------------------------------------------------- import
"$bin" generate "$work/import" --records "$rows" --single-csv --seed 1 >/dev/null
csv=$(ls "$work"/import/*.csv)
echo
echo "import: $(basename "$csv"), $rows rows, $(du -m "$csv" | cut -f1) MB"
header=$(head -1 "$csv")
cols=$(echo "$header" | awk -F, '{ for (i = 1; i <= NF; i++) printf "%sc%d TEXT", (i > 1 ? ", " : ""), i }')
: >"$work/sl.times"
: >"$work/sq.times"
for i in $(seq "$runs"); do
  rm -f "$work/r.sightline"* "$work/bare.db"
  "$bin" new "$work/r.sightline" --title "Import comparison" 2>/dev/null
  timed "$work/sl.times" "$bin" import "$work/r.sightline" "$csv" --agency "Ashcombe Police" --kind police
  sqlite3 "$work/bare.db" "CREATE TABLE chronology ($cols);"
  timed "$work/sq.times" sqlite3 "$work/bare.db" ".import --csv --skip 1 $csv chronology"
  echo "  run $i: sightline import $(tail -1 "$work/sl.times" | cut -d' ' -f1) s, sqlite3 .import $(tail -1 "$work/sq.times" | cut -d' ' -f1) s"
done
[ "$(sqlite3 "$work/bare.db" 'SELECT count(*) FROM chronology')" -eq "$rows" ]
sl=$(cut -d' ' -f1 "$work/sl.times" | median)
sq=$(cut -d' ' -f1 "$work/sq.times" | median)
echo "sightline import (encrypted review): median $sl s, peak $(peak <"$work/sl.times") MB"
echo "sqlite3 .import (bare table, no encryption): median $sq s, peak $(peak <"$work/sq.times") MB"
echo "import ratio sightline/sqlite3: $(awk -v a="$sl" -v b="$sq" 'BEGIN { printf "%.2f", a / b }') (target <= 2)"

# ---------------------------------------------------------------- report
"$bin" generate "$work/export" --records "$export_rows" --single-csv --seed 2 >/dev/null
csv=$(ls "$work"/export/*.csv)
"$bin" new "$work/e.sightline" --title "Export comparison" 2>/dev/null
"$bin" import "$work/e.sightline" "$csv" --agency "Ashcombe Police" --kind police >/dev/null
echo
echo "report: $(basename "$csv"), $export_rows records"
profile="file://$work/lo-profile"
lo() { soffice -env:UserInstallation="$profile" --headless --convert-to pdf --outdir "$work/lo" "$csv"; }
lo >/dev/null 2>&1 || true # first start writes LibreOffice's profile; not timed
: >"$work/sx.times"
: >"$work/lo.times"
for i in $(seq "$runs"); do
  timed "$work/sx.times" "$bin" export "$work/e.sightline" --pdf "$work/e.pdf"
  rm -rf "$work/lo"
  timed "$work/lo.times" soffice -env:UserInstallation="$profile" --headless --convert-to pdf --outdir "$work/lo" "$csv"
  echo "  run $i: sightline export $(tail -1 "$work/sx.times" | cut -d' ' -f1) s, LibreOffice $(tail -1 "$work/lo.times" | cut -d' ' -f1) s"
done
pages() { pdfinfo "$1" 2>/dev/null | awk '/^Pages:/ { print $2 }'; }
sx=$(cut -d' ' -f1 "$work/sx.times" | median)
lt=$(cut -d' ' -f1 "$work/lo.times" | median)
echo "sightline export: median $sx s, peak $(peak <"$work/sx.times") MB, $(pages "$work/e.pdf") pages"
echo "LibreOffice CSV to PDF: median $lt s, peak $(peak <"$work/lo.times") MB, $(pages "$work/lo/$(basename "$csv" .csv).pdf") pages"
echo "report ratio LibreOffice/sightline: $(awk -v a="$lt" -v b="$sx" 'BEGIN { printf "%.1f", a / b }') (target >= 10)"
